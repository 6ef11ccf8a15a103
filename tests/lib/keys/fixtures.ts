// A self-signed P-256 certificate and its private key, for tests only (openssl req -x509 -newkey ec
// -pkeyopt ec_paramgen_curve:P-256 -subj /CN=jwt-lens-test). Node cannot mint certificates itself.

/** Test certificate (P-256, CN=jwt-lens-test). */
export const CERT_PEM = `-----BEGIN CERTIFICATE-----
MIIBhTCCASugAwIBAgIUPTIpbAywQHOgS19KDTylHfl1gpwwCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNand0LWxlbnMtdGVzdDAeFw0yNjExMzAwNTUwMDhaFw0zNjEx
MjcwNTUwMDhaMBgxFjAUBgNVBAMMDWp3dC1sZW5zLXRlc3QwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAAT/8sp4v+BPLVkQPGaCddKmfWApI2VLvRoiPrDut9w0ngYd
R2OnHk4ngQxgE4cmMZZmy9AsbUCRq2e7AalXTSL7o1MwUTAdBgNVHQ4EFgQUauVU
fYPPi79db4ffFKbOjai9xS0wHwYDVR0jBBgwFoAUauVUfYPPi79db4ffFKbOjai9
xS0wDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEAzcyYDGgYH+3q
jh2P95LxOk9CiClYhBs7QlNri5JBc6UCIDgrnEt0xLQ1CkIqFd3vt+rS+WERkkZ8
RQ+JZL1RZ6sq
-----END CERTIFICATE-----
`;

/** SPKI of the test certificate's key. */
export const CERT_SPKI_PEM = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE//LKeL/gTy1ZEDxmgnXSpn1gKSNl
S70aIj6w7rfcNJ4GHUdjpx5OJ4EMYBOHJjGWZsvQLG1AkatnuwGpV00i+w==
-----END PUBLIC KEY-----
`;

/** PKCS#8 private key of the test certificate. */
export const CERT_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg4o0E6LIynW6/rSBQ
7kjy5TbD8lukcLpmi/xiCUlAjb6hRANCAAT/8sp4v+BPLVkQPGaCddKmfWApI2VL
vRoiPrDut9w0ngYdR2OnHk4ngQxgE4cmMZZmy9AsbUCRq2e7AalXTSL7
-----END PRIVATE KEY-----
`;
