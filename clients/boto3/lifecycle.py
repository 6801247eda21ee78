#!/usr/bin/env python3
"""The custom key store lifecycle through boto3, unmodified, against Keyhold.

Environment (given by the caller):
  KEYHOLD_ENDPOINT        e.g. http://127.0.0.1:4599
  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION (or AWS_REGION)
  TRUST_ANCHOR_FILE       the cluster's customerCA.crt (<keyhold.data-dir>/clusters/<cluster>/customerCA.crt)
  CLOUDHSM_CLUSTER_ID     default cluster-keyholdlocal
  KMSUSER_PASSWORD        kmsuser's current password on that cluster, default kmsuser-password
  CONNECT_DEADLINE_SECONDS  how long to wait for a connect to settle, default 60

The account must have no store on the cluster yet, and KMSUSER_PASSWORD must be kmsuser's current
password: a successful connect rotates it (as KMS does), so on one Keyhold database each cluster
serves one run of this script. Prints "boto3 lifecycle ok" last on success; exits non-zero with a
message on the first mismatch.
"""

import datetime
import os
import re
import sys
import time

import boto3
import botocore

MISSING_ID = "cks-0123456789abcdef0"
WRONG_PASSWORD = "not-the-kmsuser-password"
XKS_ENDPOINT = "https://boto3-client.xks.example.com"
XKS_PATH = "/kms/xks/v1"
XKS_ACCESS_KEY_ID = "BOTOTHREECLIENTXKSKEY2"
XKS_SECRET = "Ym90bzMtY2xpZW50LXhrcy1wcm94eS1zZWNyZXQtYWNjZXNzLWtleQ=="
STORE_ID = re.compile(r"cks-[0-9a-f]{17}")


class Mismatch(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Mismatch(message)


def expect_eq(what, expected, actual):
    check(actual == expected, f"{what}: expected {expected!r}, got {actual!r}")


def env(name, default=None):
    value = os.environ.get(name, default)
    if value is None:
        raise Mismatch(f"set {name}")
    return value


class Lifecycle:
    def __init__(self):
        self.endpoint = env("KEYHOLD_ENDPOINT")
        self.trust_anchor_file = env("TRUST_ANCHOR_FILE")
        self.cluster_id = env("CLOUDHSM_CLUSTER_ID", "cluster-keyholdlocal")
        self.password = env("KMSUSER_PASSWORD", "kmsuser-password")
        self.deadline = float(env("CONNECT_DEADLINE_SECONDS", "60"))
        region = os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION") or "us-east-1"
        # credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, as for any boto3 program
        self.kms = boto3.client("kms", endpoint_url=self.endpoint, region_name=region)
        self.created = []

    # ---- helpers

    def describe(self, store_id):
        stores = self.kms.describe_custom_key_stores(CustomKeyStoreId=store_id)["CustomKeyStores"]
        expect_eq(f"stores described for {store_id}", 1, len(stores))
        expect_eq("described id", store_id, stores[0]["CustomKeyStoreId"])
        return stores[0]

    def await_connect_outcome(self, store_id):
        give_up = time.monotonic() + self.deadline
        while True:
            entry = self.describe(store_id)
            if entry["ConnectionState"] != "CONNECTING":
                return entry
            check(time.monotonic() < give_up, f"store {store_id} still CONNECTING after {self.deadline:.0f}s")
            time.sleep(0.5)

    def expect_error(self, exception_type, call, what):
        try:
            call()
        except exception_type as error:
            expect_eq(f"{what}: error code", exception_type.__name__, error.response["Error"]["Code"])
            expect_eq(f"{what}: HTTP status", 400, error.response["ResponseMetadata"]["HTTPStatusCode"])
            check(error.response["Error"].get("Message"), f"{what}: the error has no message")
            return error
        except botocore.exceptions.ClientError as error:
            raise Mismatch(f"{what}: expected {exception_type.__name__}, got {type(error).__name__}: {error}")
        raise Mismatch(f"{what}: expected {exception_type.__name__}, but the call succeeded")

    def cleanup(self):
        for store_id in self.created:
            for call in (self.kms.disconnect_custom_key_store, self.kms.delete_custom_key_store):
                try:
                    call(CustomKeyStoreId=store_id)
                except Exception:  # best effort
                    pass

    # ---- the lifecycle

    def run(self):
        with open(self.trust_anchor_file, encoding="ascii") as f:
            trust_anchor = f.read()
        errors = self.kms.exceptions
        before = datetime.datetime.now(datetime.timezone.utc)

        # create with the wrong password: accepted, as KMS cannot check it before connecting
        hsm_id = self.kms.create_custom_key_store(
            CustomKeyStoreName="boto3-hsm-store",
            CloudHsmClusterId=self.cluster_id,
            TrustAnchorCertificate=trust_anchor,
            KeyStorePassword=WRONG_PASSWORD,
        )["CustomKeyStoreId"]
        self.created.append(hsm_id)
        check(STORE_ID.fullmatch(hsm_id), f"CustomKeyStoreId {hsm_id!r} is not cks- and 17 hex digits")
        print(f"created {hsm_id}")

        entry = self.describe(hsm_id)
        expect_eq("state after create", "DISCONNECTED", entry["ConnectionState"])
        expect_eq("CustomKeyStoreName", "boto3-hsm-store", entry["CustomKeyStoreName"])
        expect_eq("CustomKeyStoreType", "AWS_CLOUDHSM", entry["CustomKeyStoreType"])
        expect_eq("CloudHsmClusterId", self.cluster_id, entry["CloudHsmClusterId"])
        expect_eq("TrustAnchorCertificate", trust_anchor.strip(), entry["TrustAnchorCertificate"].strip())
        check("ConnectionErrorCode" not in entry, f"ConnectionErrorCode after create: {entry.get('ConnectionErrorCode')}")
        check("XksProxyConfiguration" not in entry, "a CloudHSM store has an XksProxyConfiguration")
        created = entry["CreationDate"]
        check(isinstance(created, datetime.datetime), f"CreationDate is a {type(created).__name__}, not a datetime")
        check(created.tzinfo is not None, "CreationDate has no time zone")
        now = datetime.datetime.now(datetime.timezone.utc)
        check(before - datetime.timedelta(seconds=5) <= created <= now + datetime.timedelta(seconds=5),
              f"CreationDate {created.isoformat()} is not between {before.isoformat()} and {now.isoformat()}")

        # a second CloudHSM store on the same cluster in this account is refused
        self.expect_error(errors.CloudHsmClusterInUseException, lambda: self.kms.create_custom_key_store(
            CustomKeyStoreName="boto3-hsm-second",
            CloudHsmClusterId=self.cluster_id,
            TrustAnchorCertificate=trust_anchor,
            KeyStorePassword=self.password,
        ), "second store on the cluster")

        # connect with the wrong password: FAILED, INVALID_CREDENTIALS
        self.kms.connect_custom_key_store(CustomKeyStoreId=hsm_id)
        entry = self.await_connect_outcome(hsm_id)
        expect_eq("state after connecting with a wrong password", "FAILED", entry["ConnectionState"])
        expect_eq("ConnectionErrorCode", "INVALID_CREDENTIALS", entry.get("ConnectionErrorCode"))
        # a FAILED store must be disconnected before anything else
        self.expect_error(errors.CustomKeyStoreInvalidStateException,
                          lambda: self.kms.update_custom_key_store(CustomKeyStoreId=hsm_id, KeyStorePassword=self.password),
                          "update of a FAILED store")
        self.kms.disconnect_custom_key_store(CustomKeyStoreId=hsm_id)
        entry = self.describe(hsm_id)
        expect_eq("state after disconnecting the failed store", "DISCONNECTED", entry["ConnectionState"])
        check("ConnectionErrorCode" not in entry, f"ConnectionErrorCode after disconnect: {entry.get('ConnectionErrorCode')}")

        # the right password, then connect
        self.kms.update_custom_key_store(CustomKeyStoreId=hsm_id, KeyStorePassword=self.password)
        self.kms.connect_custom_key_store(CustomKeyStoreId=hsm_id)
        entry = self.await_connect_outcome(hsm_id)
        expect_eq(f"state after connecting with the right password (ConnectionErrorCode "
                  f"{entry.get('ConnectionErrorCode')})", "CONNECTED", entry["ConnectionState"])
        check("ConnectionErrorCode" not in entry, f"ConnectionErrorCode while CONNECTED: {entry.get('ConnectionErrorCode')}")
        print(f"connected {hsm_id}")

        # a connected store cannot be deleted
        self.expect_error(errors.CustomKeyStoreInvalidStateException,
                          lambda: self.kms.delete_custom_key_store(CustomKeyStoreId=hsm_id),
                          "delete of a CONNECTED store")

        # rename while connected
        self.kms.update_custom_key_store(CustomKeyStoreId=hsm_id, NewCustomKeyStoreName="boto3-hsm-renamed")
        entry = self.describe(hsm_id)
        expect_eq("name after update", "boto3-hsm-renamed", entry["CustomKeyStoreName"])
        expect_eq("state after update", "CONNECTED", entry["ConnectionState"])
        by_name = self.kms.describe_custom_key_stores(CustomKeyStoreName="boto3-hsm-renamed")["CustomKeyStores"]
        expect_eq("lookup by the new name", [hsm_id], [s["CustomKeyStoreId"] for s in by_name])

        self.kms.disconnect_custom_key_store(CustomKeyStoreId=hsm_id)
        expect_eq("state after disconnect", "DISCONNECTED", self.describe(hsm_id)["ConnectionState"])

        # an external key store
        xks_id = self.kms.create_custom_key_store(
            CustomKeyStoreName="boto3-xks-store",
            CustomKeyStoreType="EXTERNAL_KEY_STORE",
            XksProxyConnectivity="PUBLIC_ENDPOINT",
            XksProxyUriEndpoint=XKS_ENDPOINT,
            XksProxyUriPath=XKS_PATH,
            XksProxyAuthenticationCredential={"AccessKeyId": XKS_ACCESS_KEY_ID, "RawSecretAccessKey": XKS_SECRET},
        )["CustomKeyStoreId"]
        self.created.append(xks_id)
        check(STORE_ID.fullmatch(xks_id), f"XKS CustomKeyStoreId {xks_id!r} is not cks- and 17 hex digits")
        entry = self.describe(xks_id)
        expect_eq("XKS type", "EXTERNAL_KEY_STORE", entry["CustomKeyStoreType"])
        expect_eq("XksProxyConfiguration", {
            "Connectivity": "PUBLIC_ENDPOINT",
            "AccessKeyId": XKS_ACCESS_KEY_ID,
            "UriEndpoint": XKS_ENDPOINT,
            "UriPath": XKS_PATH,
        }, entry["XksProxyConfiguration"])
        check("CloudHsmClusterId" not in entry, "an external key store has a CloudHsmClusterId")
        check(isinstance(entry["CreationDate"], datetime.datetime), "XKS CreationDate is not a datetime")

        self.kms.update_custom_key_store(CustomKeyStoreId=xks_id, XksProxyUriPath="/tenant-b/kms/xks/v1")
        expect_eq("XKS path after update", "/tenant-b/kms/xks/v1",
                  self.describe(xks_id)["XksProxyConfiguration"]["UriPath"])

        self.kms.connect_custom_key_store(CustomKeyStoreId=xks_id)
        entry = self.await_connect_outcome(xks_id)
        expect_eq("XKS state after connect", "FAILED", entry["ConnectionState"])
        expect_eq("XKS ConnectionErrorCode", "XKS_PROXY_NOT_REACHABLE", entry.get("ConnectionErrorCode"))
        self.kms.disconnect_custom_key_store(CustomKeyStoreId=xks_id)
        expect_eq("XKS state after disconnect", "DISCONNECTED", self.describe(xks_id)["ConnectionState"])

        # the paginator, one store a page, yields every store
        everything = self.kms.describe_custom_key_stores()
        check(not everything["Truncated"], "DescribeCustomKeyStores without Limit is truncated")
        all_ids = sorted(s["CustomKeyStoreId"] for s in everything["CustomKeyStores"])
        pages = list(self.kms.get_paginator("describe_custom_key_stores").paginate(PaginationConfig={"PageSize": 1}))
        paged_ids = [s["CustomKeyStoreId"] for page in pages for s in page["CustomKeyStores"]]
        check(len(paged_ids) >= 2, f"expected at least 2 stores to page through, got {paged_ids}")
        check(hsm_id in paged_ids and xks_id in paged_ids, f"paginator missed a store: {paged_ids}")
        expect_eq("paginated ids (sorted) vs one-page ids", all_ids, sorted(paged_ids))
        expect_eq("duplicates in paginated ids", len(set(paged_ids)), len(paged_ids))
        check(all(len(page["CustomKeyStores"]) <= 1 for page in pages), "a page holds more than PageSize 1 stores")
        check(len(pages) in (len(paged_ids), len(paged_ids) + 1),
              f"{len(paged_ids)} stores came in {len(pages)} pages of at most 1")
        for page in pages[:-1]:
            check(page["Truncated"] and page.get("NextMarker"), f"a non-final page has no NextMarker: {page}")
        check(not pages[-1]["Truncated"] and "NextMarker" not in pages[-1], "the final page says Truncated")
        print(f"paged through {len(paged_ids)} stores in {len(pages)} pages")

        # delete both
        self.kms.delete_custom_key_store(CustomKeyStoreId=xks_id)
        self.kms.delete_custom_key_store(CustomKeyStoreId=hsm_id)
        self.created.clear()
        remaining = [s["CustomKeyStoreId"] for s in self.kms.describe_custom_key_stores()["CustomKeyStores"]]
        check(hsm_id not in remaining and xks_id not in remaining, f"a deleted store is still described: {remaining}")

        # error case: a missing id and a deleted one raise the modeled exception
        for store_id in (MISSING_ID, hsm_id):
            error = self.expect_error(errors.CustomKeyStoreNotFoundException,
                                      lambda: self.kms.describe_custom_key_stores(CustomKeyStoreId=store_id),
                                      f"describe of missing store {store_id}")
            check(isinstance(error, botocore.exceptions.ClientError), "the error is not a ClientError")
            expect_eq("operation named by the error", "DescribeCustomKeyStores", error.operation_name)


def main():
    print(f"boto3 {boto3.__version__}, botocore {botocore.__version__}")
    lifecycle = None
    try:
        lifecycle = Lifecycle()
        lifecycle.run()
    except Mismatch as mismatch:
        print(f"boto3 lifecycle FAILED: {mismatch}", file=sys.stderr)
        if lifecycle:
            lifecycle.cleanup()
        return 1
    except Exception as error:  # an unexpected SDK error is a failure too, with its details
        print(f"boto3 lifecycle FAILED: unexpected {type(error).__name__}: {error}", file=sys.stderr)
        if lifecycle:
            lifecycle.cleanup()
        return 1
    print("boto3 lifecycle ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
