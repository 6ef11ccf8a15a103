import { render } from 'preact';

render(<div>JWT Lens</div>, document.getElementById('app')!);
