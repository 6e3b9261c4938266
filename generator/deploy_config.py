"""The `deploy:` section of config.yaml: where `tintuc deploy` publishes, validated like every other option.

    deploy:
      endpoint: https://s3.example-cloud.vn   # optional: AWS itself when absent
      bucket: tin-tuc                          # required
      prefix: so-y-te                          # optional folder in the bucket
      region: hn-1                             # optional
      max_deletes: 256                         # deletions refused above this without --force
      cache_control:                           # optional, checked before the defaults, first match wins
        - {pattern: "media/**", value: "public, max-age=31536000, immutable"}

Credentials are never read from here: config.yaml is committed, often to a public repository, and
CI logs print it. boto3 finds them in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_SESSION_TOKEN, AWS_PROFILE) or in ~/.aws/credentials. A key that looks like one is refused at its
own line, and its value is never repeated in the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .errors import closest

DEFAULT_MAX_DELETES = 256
_KEYS = ("endpoint", "bucket", "prefix", "region", "max_deletes", "cache_control")
_SECRET_WORDS = ("key", "secret", "token", "password", "credential", "passwd")
_CREDENTIALS_HINT = ("remove it: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment (a CI secret), "
                     "or use a profile in ~/.aws/credentials with AWS_PROFILE; config.yaml is committed and public")
# S3's rules for bucket names (3-63 lowercase letters, digits, dots, hyphens); providers accept the same.
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


class DeployConfigError(ValueError):
    """A wrong `deploy:` value. `key` names the nested key whose line is reported (deploy.KEY), and
    `hint` replaces the usual echo of the value, which could hold a secret."""

    def __init__(self, expected: str, key: str | None = None, hint: str = "") -> None:
        super().__init__(expected)
        self.key = key
        self.hint = hint or "see 'Publishing' in README.md for the form of 'deploy:'"


@dataclass(frozen=True, slots=True)
class CacheRule:
    """Cache-Control `value` for the site files whose path matches the glob `pattern`."""

    pattern: str
    value: str
    regex: re.Pattern[str]

    def matches(self, rel: str) -> bool:
        return self.regex.fullmatch(rel) is not None


@dataclass(frozen=True, slots=True)
class DeploySettings:
    bucket: str
    endpoint: str | None = None
    prefix: str = ""  # '' or 'folder/inner', no slash at either end
    region: str | None = None
    max_deletes: int = DEFAULT_MAX_DELETES
    cache_control: tuple[CacheRule, ...] = ()

    def key(self, rel: str) -> str:
        """The object key of the output file `rel` (a posix path inside the output folder)."""
        return f"{self.prefix}/{rel}" if self.prefix else rel

    @property
    def key_prefix(self) -> str:
        """What every key of the site starts with: '' or 'folder/'."""
        return self.prefix + "/" if self.prefix else ""


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob over site paths: `*` and `?` stay within one folder, `**` crosses folders."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out), re.DOTALL)


def _text(value: Any, key: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not str(value).strip():
        raise DeployConfigError(f"'deploy.{key}' to be a non-empty text", key)
    return str(value).strip()


def _looks_secret(key: str) -> bool:
    lowered = key.lower()
    return any(word in lowered for word in _SECRET_WORDS)


def parse_deploy(value: Any) -> DeploySettings | None:
    """Validate the `deploy:` mapping; DeployConfigError names the key at fault and the expected form."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise DeployConfigError("a mapping with 'bucket' and optionally " + ", ".join(_KEYS[:1] + _KEYS[2:]))
    for key in value:  # credentials first, before anything could echo them
        if _looks_secret(str(key)) and str(key) not in _KEYS:
            raise DeployConfigError(f"no credentials in config.yaml ('deploy.{key}' is one)", str(key),
                                    _CREDENTIALS_HINT)
    for key in value:
        if key not in _KEYS:
            guess = closest(str(key), _KEYS)
            raise DeployConfigError(f"only the keys {', '.join(_KEYS)} under 'deploy' (unknown key {key!r})",
                                    str(key), f"did you mean '{guess}'?" if guess else "")
    if value.get("bucket") is None:
        raise DeployConfigError("'deploy.bucket': the name of the bucket to publish to")
    bucket = _text(value["bucket"], "bucket")
    if not _BUCKET.fullmatch(bucket) or ".." in bucket:
        raise DeployConfigError("'deploy.bucket' to be a bucket name: 3-63 lowercase letters, digits, '.' "
                                "and '-'", "bucket", f"got {bucket!r}")
    return DeploySettings(bucket=bucket, endpoint=_endpoint(value.get("endpoint")), prefix=_prefix(value.get("prefix")),
                          region=None if value.get("region") is None else _text(value["region"], "region"),
                          max_deletes=_max_deletes(value.get("max_deletes", DEFAULT_MAX_DELETES)),
                          cache_control=_cache_rules(value.get("cache_control")))


def _endpoint(value: Any) -> str | None:
    if value is None:
        return None
    url = _text(value, "endpoint")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DeployConfigError("'deploy.endpoint' to be the storage's http(s) address, such as "
                                "https://s3.example-cloud.vn", "endpoint", f"got {url!r}")
    if parts.username or parts.password:
        raise DeployConfigError("no credentials in config.yaml (the endpoint address holds a user name)",
                                "endpoint", _CREDENTIALS_HINT)
    if parts.path.strip("/") or parts.query:
        raise DeployConfigError("'deploy.endpoint' to be the storage's address only; the bucket goes in "
                                "'deploy.bucket' and a folder in 'deploy.prefix'", "endpoint", f"got {url!r}")
    return url.rstrip("/")


def _prefix(value: Any) -> str:
    if value is None:
        return ""
    prefix = _text(value, "prefix").rstrip("/")
    if prefix.startswith("/") or "\\" in prefix or any(part in ("", ".", "..") for part in prefix.split("/")):
        raise DeployConfigError("'deploy.prefix' to be a folder in the bucket such as 'tin-tuc' or 'so/tin-tuc': "
                                "no leading '/', no '.' or '..' or empty folder names", "prefix",
                                f"got {value!r}")
    return prefix


def _max_deletes(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise DeployConfigError("'deploy.max_deletes' to be a whole number of 0 or more", "max_deletes",
                                f"got {value!r}")
    return value


def _cache_rules(value: Any) -> tuple[CacheRule, ...]:
    if value is None:
        return ()
    form = "'deploy.cache_control' to be a list of entries like '- {pattern: \"media/**\", value: \"public, " \
           "max-age=31536000, immutable\"}'"
    if not isinstance(value, list):
        raise DeployConfigError(form, "cache_control", f"got {value!r}")
    rules = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"pattern", "value"}:
            raise DeployConfigError(form + " (each with exactly 'pattern' and 'value')", "cache_control",
                                    f"got {item!r}")
        pattern = _text(item["pattern"], "cache_control").lstrip("/")
        header = _text(item["value"], "cache_control")
        if any(ord(c) < 32 or ord(c) == 127 for c in header):
            raise DeployConfigError("a Cache-Control value on one line", "cache_control", f"got {header!r}")
        rules.append(CacheRule(pattern, header, glob_regex(pattern)))
    return tuple(rules)


# --- the headers each file is served with -----------------------------------------------------------

IMMUTABLE = "public, max-age=31536000, immutable"  # named by their content: a new version is a new address
SHORT = "public, max-age=300"  # pages and feeds: a correction reaches readers within minutes
DAY = "public, max-age=86400"
_SHORT_SUFFIXES = (".html", ".htm", ".xml", ".rss", ".atom")
_SHORT_NAMES = ("robots.txt", "_redirects")
_HASHED = re.compile(r"[^/]+\.[0-9a-f]{8,}\.json")  # search/manifest.794d2a51b3b29002.json

# Fixed here rather than read from the system's mime.types, which differs between machines (and would
# make the same site deploy with different headers from a laptop and from CI).
_TYPES = {
    ".html": "text/html", ".htm": "text/html", ".css": "text/css", ".js": "text/javascript",
    ".mjs": "text/javascript", ".json": "application/json", ".xml": "application/xml",
    ".txt": "text/plain", ".svg": "image/svg+xml", ".webmanifest": "application/manifest+json",
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".webp": "image/webp", ".avif": "image/avif", ".ico": "image/x-icon", ".woff2": "font/woff2",
    ".woff": "font/woff", ".pdf": "application/pdf", ".gz": "application/gzip", ".br": "application/x-br",
}
_TEXT_TYPES = ("application/json", "application/xml", "application/manifest+json", "image/svg+xml",
               "text/javascript")


def content_type(rel: str) -> str:
    """Content-Type by extension (the table above, then mimetypes); text gets charset=utf-8, as the
    build writes it. `_redirects` and other names without an extension are plain text."""
    import mimetypes

    name = rel.rsplit("/", 1)[-1]
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name.lstrip(".") else ""
    kind = _TYPES.get(suffix) or (mimetypes.guess_type(name, strict=False)[0] if suffix else "text/plain")
    kind = kind or "application/octet-stream"
    if kind.startswith("text/") or kind in _TEXT_TYPES:
        return f"{kind}; charset=utf-8"
    return kind


def cache_control(rel: str, settings: DeploySettings, search_folder: str = "search") -> str:
    """Cache-Control for the output file `rel`: the site's own rules first, then the defaults."""
    for rule in settings.cache_control:
        if rule.matches(rel):
            return rule.value
    folder, _, name = rel.rpartition("/")
    if rel.startswith("static/") or (folder == search_folder and _HASHED.fullmatch(name)):
        return IMMUTABLE  # theme files are addressed as ?v=<hash>, the compiled search index by hashed names
    if rel.lower().endswith(_SHORT_SUFFIXES) or rel in _SHORT_NAMES:
        return SHORT
    return DAY
