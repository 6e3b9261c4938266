"""The bucket side of `tintuc deploy`: boto3 calls, run in parallel within one step, errors made readable.

boto3 is optional (`pip install 'tintuc[deploy]'`): imported here only, when a deploy runs. Credentials
are boto3's default chain (environment, AWS_PROFILE, ~/.aws/credentials, a CI role), never config.yaml.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from typing import TYPE_CHECKING, Any

from .deploy_config import DeploySettings
from .errors import UsageError

if TYPE_CHECKING:
    from .deploy import LocalFile

MANIFEST = ".tintuc-deploy.json"  # under the prefix: key -> (ETag, digest) as of the last finished deploy
WORKERS = 8  # uploads in flight: small files are latency-bound, and providers throttle far above this
_DELETE_BATCH = 1000  # S3's limit per DeleteObjects request
_NO_CREDENTIALS = ("no credentials for the storage: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the "
                   "environment (a CI secret), or AWS_PROFILE with a profile in ~/.aws/credentials")


class StorageFailed(Exception):
    """The storage refused a request or could not be reached; the message says which and why."""


class Storage:
    """One bucket (and prefix) of S3-compatible storage."""

    def __init__(self, client: Any, settings: DeploySettings) -> None:
        self.client = client
        self.settings = settings
        where = settings.endpoint or "AWS S3"
        self.address = f"s3://{settings.bucket}/{settings.key_prefix} ({where})"

    @classmethod
    def connect(cls, settings: DeploySettings) -> Storage:
        try:
            import boto3
            from botocore.config import Config as BotoConfig
        except ImportError:
            raise UsageError("tintuc deploy needs boto3: pip install 'tintuc[deploy]'") from None
        session = boto3.session.Session()
        if session.get_credentials() is None:
            raise UsageError(_NO_CREDENTIALS)
        options: dict[str, Any] = {"retries": {"max_attempts": 5, "mode": "standard"},
                                   "max_pool_connections": WORKERS * 2}
        if settings.endpoint:
            # Since botocore 1.36 every request carries a CRC32 checksum header that several S3-compatible
            # providers reject; send checksums only where the API requires them.
            options |= {"request_checksum_calculation": "when_required",
                        "response_checksum_validation": "when_required"}
        try:
            config = BotoConfig(**options)
        except TypeError:  # an older botocore, which sends no such header anyway
            config = BotoConfig(retries=options["retries"], max_pool_connections=WORKERS * 2)
        client = session.client("s3", endpoint_url=settings.endpoint, region_name=settings.region, config=config)
        return cls(client, settings)

    def _call(self, what: str, call: Callable[[], Any]) -> Any:
        """Run one request; a refusal or a network failure becomes StorageFailed with the storage's message."""
        from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

        try:
            return call()
        except NoCredentialsError:
            raise StorageFailed(_NO_CREDENTIALS) from None
        except ClientError as exc:
            error = exc.response.get("Error", {})
            code, message = error.get("Code", "?"), error.get("Message") or str(exc)
            raise StorageFailed(f"{self.address} refused to {what}: {code}: {message}") from None
        except BotoCoreError as exc:
            raise StorageFailed(f"could not {what} at {self.address}: {exc}") from None

    def list(self) -> dict[str, str]:
        """Every object under the prefix -> its ETag."""
        def listing() -> dict[str, str]:
            found = {}
            pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.settings.bucket,
                                                                          Prefix=self.settings.key_prefix)
            for page in pages:
                for item in page.get("Contents", ()):
                    found[item["Key"]] = item["ETag"]
            return found
        return self._call("list the bucket", listing)

    def read_manifest(self) -> dict[str, tuple[str, str]]:
        """The manifest of the last finished deploy: key -> (ETag, digest); {} when absent or unreadable."""
        from botocore.exceptions import ClientError

        key = self.settings.key(MANIFEST)

        def read() -> bytes | None:
            try:
                return self.client.get_object(Bucket=self.settings.bucket, Key=key)["Body"].read()
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                    return None
                raise
        raw = self._call("read " + key, read)
        try:
            objects = json.loads(raw)["objects"] if raw else {}
            return {str(k): (str(v[0]), str(v[1])) for k, v in objects.items()}
        except (ValueError, KeyError, TypeError, IndexError, AttributeError):
            return {}  # damaged: every object is asked for its metadata instead

    def digests(self, keys: list[str]) -> dict[str, str]:
        """The digest each object carries in its metadata (HEAD requests, in parallel)."""
        def head(key: str) -> tuple[str, str]:
            meta = self._call("read " + key, lambda: self.client.head_object(Bucket=self.settings.bucket, Key=key))
            return key, meta.get("Metadata", {}).get("tintuc-digest", "")
        return dict(_parallel(head, keys, lambda _: None))

    def upload(self, files: list[LocalFile], tick: Callable[[], None]) -> dict[str, str]:
        """Upload one step's files in parallel; returns key -> ETag. Stops at the first failure."""
        def put(file: LocalFile) -> tuple[str, str]:
            key = self.settings.key(file.rel)
            extra = {"WebsiteRedirectLocation": file.redirect} if file.redirect else {}
            body = file.path.read_bytes()
            answer = self._call("upload " + key, lambda: self.client.put_object(
                Bucket=self.settings.bucket, Key=key, Body=body, ContentType=file.content_type,
                CacheControl=file.cache_control, Metadata={"sha256": file.sha256, "tintuc-digest": file.digest},
                **extra))
            return key, answer["ETag"]
        return dict(_parallel(put, files, lambda _: tick()))

    def delete(self, keys: list[str]) -> None:
        """Delete in the given order, 1,000 per request; any object the storage kept is a failure."""
        for start in range(0, len(keys), _DELETE_BATCH):
            request = {"Objects": [{"Key": k} for k in keys[start:start + _DELETE_BATCH]], "Quiet": True}
            answer = self._call("delete objects", lambda: self.client.delete_objects(
                Bucket=self.settings.bucket, Delete=request))  # noqa: B023 (called at once, in this iteration)
            errors = answer.get("Errors") or []
            if errors:
                first = errors[0]
                raise StorageFailed(f"{self.address} refused to delete {len(errors)} object(s), the first "
                                    f"{first.get('Key')}: {first.get('Code')}: {first.get('Message')}")

    def write_manifest(self, manifest: dict[str, tuple[str, str]]) -> None:
        key = self.settings.key(MANIFEST)
        self._call("upload " + key, lambda: self.client.put_object(
            Bucket=self.settings.bucket, Key=key, Body=manifest_json(manifest),
            ContentType="application/json", CacheControl="no-store"))


def manifest_json(manifest: dict[str, tuple[str, str]]) -> bytes:
    return json.dumps({"format": 1, "objects": {k: list(v) for k, v in sorted(manifest.items())}},
                      separators=(",", ":")).encode()


def _parallel(work: Callable[[Any], Any], items: Iterable[Any], each: Callable[[Any], None]) -> list[Any]:
    """Run `work` on every item with WORKERS threads; the first failure cancels what has not started and
    is raised once the running requests end (so no upload of this step outlives the call)."""
    results = []
    pool = ThreadPoolExecutor(max_workers=WORKERS)
    try:
        pending: set[Future[Any]] = {pool.submit(work, item) for item in items}
        while pending:
            finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for future in finished:
                results.append(future.result())  # raises the failure, after cancelling below
                each(results[-1])
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return results
