// OpenSSH public keys made by the real tools, to check the wire-format reader (and the test's own
// encoder) against them: private keys by `openssl genpkey` (Ed25519: `ssh-keygen -t ed25519`,
// seed re-wrapped as PKCS#8), public lines by `ssh-keygen -y` (OpenSSH 9.2p1), RFC 4716 by
// `ssh-keygen -e`. For tests only.

/** Ed25519 private key (PKCS#8) of {@link SSH_ED25519_PUB}. */
export const SSH_ED25519_PEM = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIHWtNONseRB5yiKdBwypzTOgzVIidFdjlTVyAqfmLI/X
-----END PRIVATE KEY-----
`;

/** `ssh-keygen` one-line public key of {@link SSH_ED25519_PEM}. */
export const SSH_ED25519_PUB =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEhQABBkrj66PWpPV2iHSWC7ah0BxTGp5QIihAYSNJ33 test@jwt-lens';

/** P-384 private key (PKCS#8) of {@link SSH_P384_PUB}. */
export const SSH_P384_PEM = `-----BEGIN PRIVATE KEY-----
MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDAp/Smg1kQ95UAlCzjz
n8/buH2mgWcekScaDA+c0LgVPj/eayDKJqAsy/OV0fJowvqhZANiAAQS/LGoaSPy
IXSqBO/JeBIBMT+y2VVxJA3doTQCZAkoTlCqqYA3kK+kDVJt4zEDmQPUg0jovzDt
QQS7tgkHbXx1we5uOIM3b/0pKVZ4YQzYsgpcffV/uvWs8eFhN/P8lNk=
-----END PRIVATE KEY-----
`;

/** `ssh-keygen -y` public key of {@link SSH_P384_PEM}. */
export const SSH_P384_PUB =
  'ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBBL8sahpI/IhdKoE78l4EgExP7LZVXEkDd2hNAJkCShOUKqpgDeQr6QNUm3jMQOZA9SDSOi/MO1BBLu2CQdtfHXB7m44gzdv/SkpVnhhDNiyClx99X+69azx4WE38/yU2Q== test@jwt-lens';

/** RSA 2048 private key (PKCS#8) of {@link SSH_RSA_PUB}. */
export const SSH_RSA_PEM = `-----BEGIN PRIVATE KEY-----
MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQCtIw+He42F2Ptd
RG3EStwJO9RooeV5qAHERBt+GNqgDJzmxkMj5gganMXcqTS/wE+lAhc/Buch9cYb
EqL44fXoQWjb/r+OEziuPRu9Pl3fdqQBFbKMLEI1cAks0F2omDVFfxA2V0CJ6b8S
FlzsaZrHy1LLs2wdtG7ENrpYQ/Fr2CtIQLZWEbfCw8HHmvLy7gL8FqqG7H9Tjcej
iVzP6BU2OthPsyuTO8HiXT3DhxniHuTxZwKsFnwtlXvMd+CGyqpnRA9j3okZAGUh
rJJG72HfphBjsZ3sjdPP5lsa+cDAI7Y+3PXAZ44On2obnGKSdBurTvuHFMZf9Hde
R7fJcniLAgMBAAECggEANvXeRB/QeSC8CotiXOF2n+fCMcTS15+hj/Ae2hSBsjTO
yeM+BPNMt0X0+WstN4GQxsy3HGbQkFM4o/dyjJcOPMAmzU8895jacVUsrRJTMlCz
FzUQDLcv/U6nWvZ6BL7sijcfqmBgOGdfJBq9PL75R1sf2VIHjBZu4xKMbOCEjrr2
uEnEY19Gb7/KdUoqLmG/+T1A+zL1IGeyBpHIxQ9uKnjv//IIowvXb6o1ryvdrlEl
M1RlJr+pMFCi23xWsQPen9kyLRnQUsye1sVXg+b+ZnP4WGUkMjaV6IbQ+mpL1t7q
zii9ChgYzIViO6vfbBTih/bTBHaBa2TcX8FD0ot0YQKBgQDTdf1m5MgcYwlo4mOk
pyutYiOLjhJtm+n4LqMT+wgq6YoMHXINK95ZmimU42eoYkBqu8SPZAdoRgFR8M3D
gW/Go1YudmywoVWR622KTQ5KKxxxuXt6PN0nI2Qtu9/Sfnryrvc8hqY3Pu7399Qo
z18l2ZtikRGMQcVTbbe10zPBtQKBgQDRmqMJlV7yXCgVZlDbs7ch1T8KySg6h5b7
oSbe+IIofexGmUx7Uf83aU62/Cjuvaf+zkym06P5FExotlC/+dremb+vIvLJsYo4
axuQTcVNruWtrEKu/ZK/F/MfIaH/9jfg+7KXq8l5aACX7cKsvlpUgq9HT8YFk02D
RhbH4hK5PwKBgFC7gmSPQis8UHJfxIUvYciPaFy2gCii1x/uxkoxlDu18AOSFmIa
9oglCG0UqRWrdUaKq4/HM+DGoWhkVFqpB0DCSXvxsKt63Q2Z4bdklekRLonos9DG
ffScWXnweZKGwW/4BuJv0fPTri6zyqdODNiJjP6DvjxbO/gPMo1TtjXlAoGAQ8sd
QoNCg2cVO96s9nKJH/NGAaoQTeX/CoIT/XgpOQmJe0gn+ZcK0hRIdlzWrGlBRePZ
3PeFCJHtKM0XDxC0Ht1hpzbJijzXNOpHrwPIdhjEhsi5hLnVVeNcKkyJhi1P43/l
QrM4ZgEieAFZvt+OfdkK8ii2JqV/I59uzNWtMqcCgYAz5bZm8VLvvtueinSXj7OA
AWGnBpIdsfIGxIUjwYDpYLs1K5yqMfphvLBO6knBZhAFZzKqI9SxFvAqB6Kk/kW2
+OLWPgVv5wUtDkDsF6ywIm1+VMk6uVWVMUty/4DyIxT7REEQ7R2dPXL8S02ibxQr
Ko0azkAolo2goCw2mjeZow==
-----END PRIVATE KEY-----
`;

/** `ssh-keygen -y` public key of {@link SSH_RSA_PEM}. */
export const SSH_RSA_PUB =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCtIw+He42F2PtdRG3EStwJO9RooeV5qAHERBt+GNqgDJzmxkMj5gganMXcqTS/wE+lAhc/Buch9cYbEqL44fXoQWjb/r+OEziuPRu9Pl3fdqQBFbKMLEI1cAks0F2omDVFfxA2V0CJ6b8SFlzsaZrHy1LLs2wdtG7ENrpYQ/Fr2CtIQLZWEbfCw8HHmvLy7gL8FqqG7H9TjcejiVzP6BU2OthPsyuTO8HiXT3DhxniHuTxZwKsFnwtlXvMd+CGyqpnRA9j3okZAGUhrJJG72HfphBjsZ3sjdPP5lsa+cDAI7Y+3PXAZ44On2obnGKSdBurTvuHFMZf9HdeR7fJcniL test@jwt-lens';

/** `ssh-keygen -e` (RFC 4716) form of {@link SSH_RSA_PUB}. */
export const SSH_RSA_RFC4716 = `---- BEGIN SSH2 PUBLIC KEY ----
Comment: "2048-bit RSA, converted by root@vm from OpenSSH"
AAAAB3NzaC1yc2EAAAADAQABAAABAQCtIw+He42F2PtdRG3EStwJO9RooeV5qAHERBt+GN
qgDJzmxkMj5gganMXcqTS/wE+lAhc/Buch9cYbEqL44fXoQWjb/r+OEziuPRu9Pl3fdqQB
FbKMLEI1cAks0F2omDVFfxA2V0CJ6b8SFlzsaZrHy1LLs2wdtG7ENrpYQ/Fr2CtIQLZWEb
fCw8HHmvLy7gL8FqqG7H9TjcejiVzP6BU2OthPsyuTO8HiXT3DhxniHuTxZwKsFnwtlXvM
d+CGyqpnRA9j3okZAGUhrJJG72HfphBjsZ3sjdPP5lsa+cDAI7Y+3PXAZ44On2obnGKSdB
urTvuHFMZf9HdeR7fJcniL
---- END SSH2 PUBLIC KEY ----
`;
