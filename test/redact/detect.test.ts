/**
 * The secret detector on single lines as rules quote them: each kind of secret is masked with a recognisable prefix
 * and its length; placeholders, variables, types and prose are left alone; masking twice changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { maskSecretsIn } from '../../src/redact/detect.js';
import { maskKnown, maskSecret } from '../../src/redact/mask.js';

const GH = `ghp_${'a1B2c3D4e5'.repeat(3)}x9Y8z7`;
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

/** Lines holding a secret, and the secret that must not survive. */
const SECRETS: Array<[string, string]> = [
  [`requests.get(url, headers={"Authorization": "token ${GH}"})`, GH],
  [`fetch(url, { headers: { Authorization: 'Bearer ${JWT}' } })`, JWT],
  ['requests.get(url, headers={"Authorization": "Bearer 4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c"})', '4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c'],
  ['curl -H "Authorization: Basic ZGVwbG95OnMzY3JldFBhc3M=" https://x', 'ZGVwbG95OnMzY3JldFBhc3M='],
  ['xhr.setRequestHeader("Authorization", "token Zx8Qp2Lm9Rt4")', 'Zx8Qp2Lm9Rt4'],
  ['headers = {"Authorization": "Zx8Qp2Lm9Rt4Vb7NcD3f"}', 'Zx8Qp2Lm9Rt4Vb7NcD3f'],
  ['client = boto3.client("s3", aws_access_key_id="AKIAIOSFODNN7EXAMPLE")', 'AKIAIOSFODNN7EXAMPLE'],
  ['aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  ['token = "github_pat_11ABCDEFG0123456789abc_defghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTU"', 'github_pat_11ABCDEFG0123456789abc_defghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTU'],
  ['GITLAB_TOKEN: glpat-Ab3dEf6hIj9kLm2nOp5q', 'glpat-Ab3dEf6hIj9kLm2nOp5q'],
  ['glpat-Ab3dEf6hIj9kLm2nOp5q', 'glpat-Ab3dEf6hIj9kLm2nOp5q'],
  ['pypi-AgEIcHlwaS5vcmcCJDAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMAACKlsz', 'pypi-AgEIcHlwaS5vcmcCJDAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMAACKlsz'],
  ['hooks.slack.com/services/T0ABCDEF1/B0ABCDEFGH2/AbCdEfGhIjKlMnOpQrStUvWx', 'T0ABCDEF1/B0ABCDEFGH2/AbCdEfGhIjKlMnOpQrStUvWx'],
  ['os.getenv("TOKEN", "Zx8Qp2Lm9Rt4Vb7NcD3f")', 'Zx8Qp2Lm9Rt4Vb7NcD3f'],
  ['- SLACK_TOKEN=xoxb-12345678901-123456789012-AbCdEfGhIjKlMnOpQrStUvWx', 'xoxb-12345678901-123456789012-AbCdEfGhIjKlMnOpQrStUvWx'],
  ['curl -d "text=hi" https://hooks.slack.com/services/T0ABCDEF1/B0ABCDEFGH2/AbCdEfGhIjKlMnOpQrStUvWx', 'T0ABCDEF1/B0ABCDEFGH2/AbCdEfGhIjKlMnOpQrStUvWx'],
  ['stripe.api_key = "sk_live_51H8abcDEF123ghiJKL456mno"', 'sk_live_51H8abcDEF123ghiJKL456mno'],
  ['new Stripe("sk_test_51H8abcDEF123ghiJKL456mno")', 'sk_test_51H8abcDEF123ghiJKL456mno'],
  ['requests.get("https://maps.googleapis.com/maps/api/geocode/json?key=AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q")', 'AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q'],
  ['KEY = "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA1b2C3d4E5f6G7h8I9j0\\n-----END RSA PRIVATE KEY-----"', 'MIIEowIBAAKCAQEA1b2C3d4E5f6G7h8I9j0'],
  ['//registry.npmjs.org/:_authToken=npm_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8', 'npm_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'],
  ['client = OpenAI(api_key="sk-proj-A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6")', 'sk-proj-A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6'],
  ['headers = {"x-api-key": "sk-ant-api03-A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6-AA"}', 'sk-ant-api03-A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6-AA'],
  ['engine = create_engine("postgresql://app:S3cretPw9x@db:5432/app")', 'S3cretPw9x'],
  ['run: psql postgres://deploy:Pg9pass7word@db.example.com/app -c "select 1"', 'Pg9pass7word'],
  ['subprocess.run("mysql -h db -u root -pMyS9lPassw0rd app < dump.sql", shell=True)', 'MyS9lPassw0rd'],
  ['curl -u admin:Adm1nPassw0rd https://example.com', 'Adm1nPassw0rd'],
  ['subprocess.run(["deploy", "--password=Cl1Passw0rd", "--region", "eu"])', 'Cl1Passw0rd'],
  ['deploy --token Zx8Qp2Lm9Rt4Vb7NcD3f --region eu', 'Zx8Qp2Lm9Rt4Vb7NcD3f'],
  ['["deploy", "--api-key", "Zx8Qp2Lm9Rt4Vb7NcD3f"]', 'Zx8Qp2Lm9Rt4Vb7NcD3f'],
  ['password = "hunter2"', 'hunter2'],
  ['DB_PASSWORD=changeme', 'changeme'],
  ['The default is DB_PASSWORD=changeme.', 'changeme'],
  ['POSTGRES_PASSWORD: postgres', 'postgres'],
  ['ENV API_TOKEN=Zx8Qp2Lm9Rt4Vb7NcD3f', 'Zx8Qp2Lm9Rt4Vb7NcD3f'],
  ['ENV GITLAB_SECRET Zx8Qp2Lm9Rt4Vb7NcD3f', 'Zx8Qp2Lm9Rt4Vb7NcD3f'],
  ['requests.get(url, headers={"X-Api-Key": "35c9d0a1b2c3d4e5f60718293a4b5c6d"})', '35c9d0a1b2c3d4e5f60718293a4b5c6d'],
  ['axios.get(url, { params: { access_token: "BPq1w2e3r4t5y6u7i8o9" } })', 'BPq1w2e3r4t5y6u7i8o9'],
  ['const apiKey = `Zx8Qp2Lm9Rt4Vb7NcD3f`;', 'Zx8Qp2Lm9Rt4Vb7NcD3f'],
  ['this.clientSecret = "Zx8Qp2Lm9Rt4Vb7NcD3f";', 'Zx8Qp2Lm9Rt4Vb7NcD3f'],
  ['config["token"] = "Zx8Qp2Lm9Rt4Vb7NcD3f"', 'Zx8Qp2Lm9Rt4Vb7NcD3f'],
  ['if password == "hunter2":', 'hunter2'],
  ['    password: str = "hunter22"', 'hunter22'],
  ['def connect(password: Optional[str] = "hunter22"):', 'hunter22'],
  ['const apiKey: string = "Zx8Qp2Lm9Rt4Vb7NcD3f";', 'Zx8Qp2Lm9Rt4Vb7NcD3f'],
  ['SECRET_KEY = os.getenv("SECRET_KEY", "dev-Zx8Qp2Lm9Rt4Vb7")', 'dev-Zx8Qp2Lm9Rt4Vb7'],
  ['const token = process.env.API_TOKEN ?? "Zx8Qp2Lm9Rt4Vb7NcD3f";', 'Zx8Qp2Lm9Rt4Vb7NcD3f'],
  ['DATABASE_PASSWORD: ${DATABASE_PASSWORD:-hunter22}', 'hunter22'],
  ['Server=db;Database=app;User Id=sa;Password=Sa9Passw0rd;', 'Sa9Passw0rd'],
  ['sshpass -p Ssh9Passw0rd ssh deploy@host', 'Ssh9Passw0rd'],
  ['PGPASSWORD=Pg9Passw0rd psql -h db', 'Pg9Passw0rd'],
];

/** Lines without a secret: they come out unchanged. */
const CLEAN = [
  'def login(password: str) -> bool:',
  'def login(password: Optional[str] = None) -> bool:',
  'password = get_password()',
  "const password = await bcrypt.hash('x', salt);",
  'const token = new Token(user);',
  'password = self.password',
  'password = settings.DB_PASSWORD',
  'conn = connect(host=h, password=db_password)',
  'token = request.headers.get("Authorization")',
  'headers = {"Authorization": f"Bearer {token}"}',
  'headers = {"Authorization": "Bearer " + token}',
  "fetch(url, { credentials: 'include' })",
  'password: ${{ secrets.DB_PASSWORD }}',
  'DB_PASSWORD=$DB_PASSWORD',
  'POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}',
  'url = "postgres://app:${DB_PASSWORD}@db/app"',
  'password: ${POSTGRES_PASSWORD:?must be set}',
  'DATABASE_URL: postgresql://app:${POSTGRES_PASSWORD:?required}@db:5432/app',
  "printf 'password = %s\\n' \"$PYPI_TOKEN\" > ~/.pypirc",
  'permissions: id-token: write',
  'The password is hashed with bcrypt; Basic authentication is off.',
  'token_type = "bearer"',
  'npm_lifecycle_event = "test"',
  'api_key_header = "X-Api-Key"',
  'mkdir -p build && cp -r src build',
  'docker run -u 1000:1000 image',
  'expect(sk-learn-estimator).toBe(true)',
  'https://example.com/path?page=2&sort=name',
  'let secret: string | undefined;',
  'password: str = Field(..., min_length=8)',
  'api_key: SecretStr = Field(default=None)',
  'apiKey?: string;',
  '"jsonwebtoken": "^9.0.3",',
  "so the server echoes any site's Origin with Allow-Credentials: true.",
  'No log line can contain a password, token, key or Authorization header.',
  '- [Authorization Manager](./authz_manager.md)',
  'manifests/feast-operator-metrics-reader_rbac.authorization.k8s.io_v1_clusterrole.yaml',
  'Send the token in the `Authorization:` header.',
  'app.use(cors({ origin: "*", allowHeaders: ["Authorization", "Content-Type"], credentials: true }))',
  '"js-tiktoken": "1.0.21",',
];

describe('maskSecretsIn', () => {
  it.each(SECRETS)('masks the secret in %s', (line, secret) => {
    const masked = maskSecretsIn(line);
    expect(masked).not.toContain(secret);
    expect(masked).toMatch(/\*{4} \(\d+ chars\)/);
  });

  it.each(CLEAN)('leaves %s alone', (line) => {
    expect(maskSecretsIn(line)).toBe(line);
  });

  it('keeps a token format prefix, or the first two characters of other secrets, and the length', () => {
    expect(maskSecretsIn(`token ${GH}`)).toBe(`token ghp_**** (${GH.length} chars)`);
    expect(maskSecretsIn('password = "hunter22"')).toBe('password = "hu**** (8 chars)"');
    expect(maskSecretsIn('password = "hunter2"')).toBe('password = "**** (7 chars)"');
  });

  it('is idempotent: a masked line is left as it is', () => {
    for (const [line] of SECRETS) {
      const once = maskSecretsIn(line);
      expect(maskSecretsIn(once)).toBe(once);
    }
  });
});

describe('maskKnown', () => {
  it('never masks inside a masked form (issue 17: "(**** (**** (1 chars) chars))")', () => {
    const message = `\`POSTGRES_PASSWORD\` is set to a literal value (${maskSecret('1')}) in \`docker-compose.yml\`.`;
    expect(maskKnown(message, ['1'])).toBe(message);
    expect(maskKnown('POSTGRES_PASSWORD: 1', ['1'])).toBe('POSTGRES_PASSWORD: **** (1 chars)');
  });
});
