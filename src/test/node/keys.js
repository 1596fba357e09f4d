#!/usr/bin/env node
// Drives Herald with the official Twilio Node.js library authenticated by an API key, as apps do:
//   twilio(keySid, keySecret, {accountSid})
// Usage: node keys.js BASE_URL ACCOUNT_SID KEY_SID KEY_SECRET
//   (or the environment variables HERALD_BASE_URL, HERALD_ACCOUNT_SID, HERALD_KEY_SID, HERALD_KEY_SECRET).
// Creates a Service, a Binding, lists the Bindings, sends a Notification, and tries to list the account's keys
// (which a key may not do), then prints one line of JSON. Any other failure prints {"error", "status", "code"}
// on standard error and exits 1.
"use strict";

const twilio = require("twilio");

const [baseUrl, accountSid, keySid, keySecret] = [
  process.argv[2] || process.env.HERALD_BASE_URL,
  process.argv[3] || process.env.HERALD_ACCOUNT_SID,
  process.argv[4] || process.env.HERALD_KEY_SID,
  process.argv[5] || process.env.HERALD_KEY_SECRET,
];

async function main() {
  if (!baseUrl || !accountSid || !keySid || !keySecret) {
    throw new Error("usage: node keys.js BASE_URL ACCOUNT_SID KEY_SID KEY_SECRET");
  }
  const client = twilio(keySid, keySecret, { accountSid });
  client.notify.baseUrl = baseUrl;
  client.api.baseUrl = baseUrl;
  const services = client.notify.v1.services;
  const service = await services.create({ friendlyName: "node client" });
  const binding = await services(service.sid).bindings.create({
    identity: "alice",
    bindingType: "fcm",
    address: "node-device-token",
    tag: ["vip"],
  });
  const bindings = await services(service.sid).bindings.list({ tag: ["vip"], pageSize: 20 });
  const notification = await services(service.sid).notifications.create({ identity: ["alice"], body: "Hello" });
  let keys;
  try {
    await client.api.v2010.account.keys.list({ limit: 1 });
    keys = { status: 200 };
  } catch (e) {
    keys = { status: e.status, code: e.code };
  }
  console.log(JSON.stringify({
    serviceSid: service.sid,
    serviceAccountSid: service.accountSid,
    bindingSid: binding.sid,
    bindingAccountSid: binding.accountSid,
    bindings: bindings.map((b) => b.sid),
    notificationSid: notification.sid,
    keys,
  }));
}

main().catch((e) => {
  console.error(JSON.stringify({ error: e.message, status: e.status ?? null, code: e.code ?? null }));
  process.exit(1);
});
