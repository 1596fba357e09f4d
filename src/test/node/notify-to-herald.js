// Loaded with `node --require` by compat/TwilioCliTest: the Twilio CLI's TLS connections to notify.twilio.com
// (and api.twilio.com) go to Herald on 127.0.0.1:$HERALD_TEST_PORT instead, still checking the certificate for
// that name. It stands for the hosts entry of the README's recipe, which a test must not write.
const tls = require("tls");
const connect = tls.connect;
const HOSTS = new Set(["notify.twilio.com", "api.twilio.com"]);
tls.connect = function (...args) {
  const options = args[0] !== null && typeof args[0] === "object" ? args[0] : null;
  const host = options && (options.servername || options.host);
  if (HOSTS.has(host)) {
    options.servername = host;
    options.host = "127.0.0.1";
    options.port = Number(process.env.HERALD_TEST_PORT);
  }
  return connect.apply(this, args);
};
