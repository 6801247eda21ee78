// The custom key store lifecycle through the AWS SDK for JavaScript v3 (@aws-sdk/client-kms),
// unmodified, against Keyhold.
//
// Environment (given by the caller):
//   KEYHOLD_ENDPOINT        e.g. http://127.0.0.1:4599
//   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION (or AWS_DEFAULT_REGION)
//   TRUST_ANCHOR_FILE       the cluster's customerCA.crt (<keyhold.data-dir>/clusters/<cluster>/customerCA.crt)
//   CLOUDHSM_CLUSTER_ID     default cluster-keyholdlocal
//   KMSUSER_PASSWORD        kmsuser's current password on that cluster, default kmsuser-password
//   CONNECT_DEADLINE_SECONDS  how long to wait for a connect to settle, default 60
//
// The account must have no store on the cluster yet, and KMSUSER_PASSWORD must be kmsuser's current
// password: a successful connect rotates it (as KMS does), so on one Keyhold database each cluster
// serves one run of this script. Prints "js-v3 lifecycle ok" last on success; exits non-zero with a
// message on the first mismatch.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { setTimeout as sleep } from "node:timers/promises";

import {
  ConnectCustomKeyStoreCommand,
  CreateCustomKeyStoreCommand,
  CustomKeyStoreInvalidStateException,
  CustomKeyStoreNotFoundException,
  DeleteCustomKeyStoreCommand,
  DescribeCustomKeyStoresCommand,
  DisconnectCustomKeyStoreCommand,
  KMSClient,
  KMSServiceException,
  UpdateCustomKeyStoreCommand,
  paginateDescribeCustomKeyStores,
} from "@aws-sdk/client-kms";

const MISSING_ID = "cks-0123456789abcdef0";
const XKS_ENDPOINT = "https://js-v3-client.xks.example.com";
const XKS_PATH = "/kms/xks/v1";
const XKS_ACCESS_KEY_ID = "JSVTHREECLIENTXKSKEY23";
const XKS_SECRET = "anMtdjMtY2xpZW50LXhrcy1wcm94eS1zZWNyZXQtYWNjZXNzLWtleQ==";
const STORE_ID = /^cks-[0-9a-f]{17}$/;

class Mismatch extends Error {}

function check(condition, message) {
  if (!condition) {
    throw new Mismatch(message);
  }
}

function expectEq(what, expected, actual) {
  const same = JSON.stringify(actual) === JSON.stringify(expected);
  check(same, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function env(name, fallback) {
  const value = process.env[name] ?? fallback;
  check(value !== undefined, `set ${name}`);
  return value;
}

const endpoint = env("KEYHOLD_ENDPOINT");
const trustAnchorFile = env("TRUST_ANCHOR_FILE");
const clusterId = env("CLOUDHSM_CLUSTER_ID", "cluster-keyholdlocal");
const password = env("KMSUSER_PASSWORD", "kmsuser-password");
const deadlineMs = Number(env("CONNECT_DEADLINE_SECONDS", "60")) * 1000;
const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";

// credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY through the default provider chain
const kms = new KMSClient({ endpoint, region });
const created = [];

async function describe(storeId) {
  const { CustomKeyStores: stores } = await kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: storeId }));
  expectEq(`stores described for ${storeId}`, 1, stores.length);
  expectEq("described id", storeId, stores[0].CustomKeyStoreId);
  return stores[0];
}

async function awaitConnectOutcome(storeId) {
  const giveUp = Date.now() + deadlineMs;
  for (;;) {
    const entry = await describe(storeId);
    if (entry.ConnectionState !== "CONNECTING") {
      return entry;
    }
    check(Date.now() < giveUp, `store ${storeId} still CONNECTING after ${deadlineMs / 1000}s`);
    await sleep(500);
  }
}

async function expectError(type, call, what) {
  let error;
  try {
    await call();
  } catch (e) {
    error = e;
  }
  check(error !== undefined, `${what}: expected ${type.name}, but the call succeeded`);
  check(error instanceof type, `${what}: expected an instance of ${type.name}, got ${error?.constructor?.name}: ${error}`);
  check(error instanceof KMSServiceException, `${what}: ${type.name} is not a KMSServiceException`);
  expectEq(`${what}: error name`, type.name, error.name);
  expectEq(`${what}: $fault`, "client", error.$fault);
  expectEq(`${what}: $metadata.httpStatusCode`, 400, error.$metadata?.httpStatusCode);
  check(typeof error.message === "string" && error.message.length > 0, `${what}: the error has no message`);
  return error;
}

function checkCreationDate(what, value, notBefore) {
  check(value instanceof Date, `${what}: CreationDate is ${typeof value} ${value}, not a Date`);
  check(!Number.isNaN(value.getTime()), `${what}: CreationDate is an invalid Date`);
  check(value.getTime() >= notBefore - 5000 && value.getTime() <= Date.now() + 5000,
    `${what}: CreationDate ${value.toISOString()} is not about now`);
}

async function cleanup() {
  for (const id of created) {
    for (const command of [new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: id }),
      new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: id })]) {
      try {
        await kms.send(command);
      } catch {
        // best effort
      }
    }
  }
}

async function lifecycle() {
  const trustAnchor = readFileSync(trustAnchorFile, "ascii");
  const before = Date.now();

  // ---- create a CloudHSM key store
  const { CustomKeyStoreId: hsmId } = await kms.send(new CreateCustomKeyStoreCommand({
    CustomKeyStoreName: "js-v3-hsm-store",
    CloudHsmClusterId: clusterId,
    TrustAnchorCertificate: trustAnchor,
    KeyStorePassword: password,
  }));
  created.push(hsmId);
  check(STORE_ID.test(hsmId ?? ""), `CustomKeyStoreId ${hsmId} is not cks- and 17 hex digits`);
  console.log(`created ${hsmId}`);

  // ---- describe it
  let entry = await describe(hsmId);
  expectEq("state after create", "DISCONNECTED", entry.ConnectionState);
  expectEq("CustomKeyStoreName", "js-v3-hsm-store", entry.CustomKeyStoreName);
  expectEq("CustomKeyStoreType", "AWS_CLOUDHSM", entry.CustomKeyStoreType);
  expectEq("CloudHsmClusterId", clusterId, entry.CloudHsmClusterId);
  expectEq("TrustAnchorCertificate", trustAnchor.trim(), entry.TrustAnchorCertificate?.trim());
  expectEq("ConnectionErrorCode after create", undefined, entry.ConnectionErrorCode);
  expectEq("XksProxyConfiguration of a CloudHSM store", undefined, entry.XksProxyConfiguration);
  checkCreationDate("CloudHSM store", entry.CreationDate, before);

  // ---- connect and wait for CONNECTED
  await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: hsmId }));
  entry = await awaitConnectOutcome(hsmId);
  expectEq(`state after connect (ConnectionErrorCode ${entry.ConnectionErrorCode})`, "CONNECTED", entry.ConnectionState);
  console.log(`connected ${hsmId}`);

  await expectError(CustomKeyStoreInvalidStateException,
    () => kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: hsmId })), "delete of a CONNECTED store");

  // ---- rename (allowed while connected)
  await kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: hsmId, NewCustomKeyStoreName: "js-v3-hsm-renamed" }));
  entry = await describe(hsmId);
  expectEq("name after update", "js-v3-hsm-renamed", entry.CustomKeyStoreName);
  expectEq("state after update", "CONNECTED", entry.ConnectionState);
  const byName = await kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreName: "js-v3-hsm-renamed" }));
  expectEq("lookup by the new name", [hsmId], byName.CustomKeyStores.map((s) => s.CustomKeyStoreId));

  // ---- disconnect
  await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: hsmId }));
  expectEq("state after disconnect", "DISCONNECTED", (await describe(hsmId)).ConnectionState);

  // ---- an external key store
  const { CustomKeyStoreId: xksId } = await kms.send(new CreateCustomKeyStoreCommand({
    CustomKeyStoreName: "js-v3-xks-store",
    CustomKeyStoreType: "EXTERNAL_KEY_STORE",
    XksProxyConnectivity: "PUBLIC_ENDPOINT",
    XksProxyUriEndpoint: XKS_ENDPOINT,
    XksProxyUriPath: XKS_PATH,
    XksProxyAuthenticationCredential: { AccessKeyId: XKS_ACCESS_KEY_ID, RawSecretAccessKey: XKS_SECRET },
  }));
  created.push(xksId);
  check(STORE_ID.test(xksId ?? ""), `XKS CustomKeyStoreId ${xksId} is not cks- and 17 hex digits`);
  entry = await describe(xksId);
  expectEq("XKS type", "EXTERNAL_KEY_STORE", entry.CustomKeyStoreType);
  expectEq("XksProxyConfiguration", {
    Connectivity: "PUBLIC_ENDPOINT",
    AccessKeyId: XKS_ACCESS_KEY_ID,
    UriEndpoint: XKS_ENDPOINT,
    UriPath: XKS_PATH,
  }, entry.XksProxyConfiguration);
  expectEq("CloudHsmClusterId of an external key store", undefined, entry.CloudHsmClusterId);
  checkCreationDate("external key store", entry.CreationDate, before);

  await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: xksId }));
  entry = await awaitConnectOutcome(xksId);
  expectEq("XKS state after connect", "FAILED", entry.ConnectionState);
  expectEq("XKS ConnectionErrorCode", "XKS_PROXY_NOT_REACHABLE", entry.ConnectionErrorCode);
  await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: xksId }));
  expectEq("XKS state after disconnect", "DISCONNECTED", (await describe(xksId)).ConnectionState);

  // ---- the paginator, one store a page, yields every store
  const everything = await kms.send(new DescribeCustomKeyStoresCommand({}));
  expectEq("Truncated without Limit", false, everything.Truncated);
  const allIds = everything.CustomKeyStores.map((s) => s.CustomKeyStoreId).sort();
  const pages = [];
  for await (const page of paginateDescribeCustomKeyStores({ client: kms, pageSize: 1 }, {})) {
    pages.push(page);
    check(pages.length <= allIds.length + 1, `the paginator does not stop: ${pages.length} pages for ${allIds.length} stores`);
  }
  const pagedIds = pages.flatMap((page) => page.CustomKeyStores.map((s) => s.CustomKeyStoreId));
  check(pagedIds.length >= 2, `expected at least 2 stores to page through, got ${pagedIds}`);
  check(pagedIds.includes(hsmId) && pagedIds.includes(xksId), `the paginator missed a store: ${pagedIds}`);
  expectEq("paginated ids (sorted) vs one-page ids", allIds, [...pagedIds].sort());
  expectEq("duplicates in paginated ids", pagedIds.length, new Set(pagedIds).size);
  check(pages.every((page) => page.CustomKeyStores.length <= 1), "a page holds more than pageSize 1 stores");
  pages.slice(0, -1).forEach((page, i) =>
    check(page.Truncated === true && page.NextMarker, `page ${i + 1} is not the last but has no NextMarker`));
  const last = pages[pages.length - 1];
  check(last.Truncated === false && last.NextMarker === undefined, "the final page says Truncated or has a NextMarker");
  console.log(`paged through ${pagedIds.length} stores in ${pages.length} pages`);

  // ---- delete both
  await kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: xksId }));
  await kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: hsmId }));
  created.length = 0;
  const remaining = (await kms.send(new DescribeCustomKeyStoresCommand({}))).CustomKeyStores.map((s) => s.CustomKeyStoreId);
  check(!remaining.includes(hsmId) && !remaining.includes(xksId), `a deleted store is still described: ${remaining}`);

  // ---- error case: a missing id and a deleted one raise the modeled exception
  for (const storeId of [MISSING_ID, hsmId]) {
    const error = await expectError(CustomKeyStoreNotFoundException,
      () => kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: storeId })),
      `describe of missing store ${storeId}`);
    check(error.message.includes(storeId), `the error message does not name ${storeId}: ${error.message}`);
  }
}

const require = createRequire(import.meta.url);
const sdkVersion = require("@aws-sdk/client-kms/package.json").version;
console.log(`node ${process.version}, @aws-sdk/client-kms ${sdkVersion}`);
try {
  await lifecycle();
  console.log("js-v3 lifecycle ok");
} catch (error) {
  const detail = error instanceof Mismatch ? error.message
    : `unexpected ${error?.name}: ${error?.message}${error?.$metadata ? ` ${JSON.stringify(error.$metadata)}` : ""}`;
  console.error(`js-v3 lifecycle FAILED: ${detail}`);
  if (!(error instanceof Mismatch)) {
    console.error(error?.stack);
  }
  await cleanup();
  process.exitCode = 1;
} finally {
  kms.destroy();
}
