"""STORAGES entries for two S3 buckets (FILE_STORAGE=s3). No Django imports: the
settings module and the storage tests both build their configuration here."""

from urllib.parse import urlsplit

from botocore.config import Config


def s3_storages(*, public_bucket, private_bucket, public_url, endpoint_url=None,
                region="us-east-1", access_key=None, secret_key=None, addressing_style=None,
                connect_timeout=3.0, read_timeout=20.0, max_attempts=2):
    """(public storage, private storage, MEDIA_URL)."""
    common = {
        "endpoint_url": endpoint_url or None,
        "region_name": region,
        # None: boto3 finds credentials itself (AWS_* variables, an instance role).
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "signature_version": "s3v4",
        "addressing_style": addressing_style or None,
        "file_overwrite": False,
        "default_acl": None,  # never ask for a public ACL; the bucket policy decides
        # A storage that does not answer costs seconds, not gunicorn's whole timeout.
        "client_config": Config(connect_timeout=connect_timeout, read_timeout=read_timeout,
                                retries={"max_attempts": max_attempts, "mode": "standard"}),
    }
    url = urlsplit(public_url)
    base = f"{url.scheme}://{url.netloc}{url.path.rstrip('/')}/"
    public = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        **common, "bucket_name": public_bucket, "querystring_auth": False,
        "custom_domain": url.netloc + url.path.rstrip("/"), "url_protocol": f"{url.scheme}:",
    }}
    private = {"BACKEND": "convive.storage.PrivateS3Storage", "OPTIONS": {
        **common, "bucket_name": private_bucket}}
    return public, private, base
