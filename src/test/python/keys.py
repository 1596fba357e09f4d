#!/usr/bin/env python3
"""Drives Herald with the official Twilio Python library authenticated by an API key, as apps do:
    Client(key_sid, key_secret, account_sid)
Usage: python3 keys.py BASE_URL ACCOUNT_SID KEY_SID KEY_SECRET
Creates a Service, a Binding, lists the Bindings, sends a Notification, and tries to list the account's keys
(which a key may not do), then prints one line of JSON. A Twilio error prints {"error", "status", "code"} on
standard error and exits 1.
"""
import json
import sys

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client


def main(base_url, account_sid, key_sid, key_secret):
    client = Client(key_sid, key_secret, account_sid)
    client.notify.base_url = base_url
    client.api.base_url = base_url
    services = client.notify.v1.services
    service = services.create(friendly_name="python client")
    binding = services(service.sid).bindings.create(
        identity="alice", binding_type="fcm", address="python-device-token", tag=["vip"])
    bindings = services(service.sid).bindings.list(tag=["vip"], page_size=20)
    notification = services(service.sid).notifications.create(identity=["alice"], body="Hello")
    try:
        client.api.v2010.accounts(account_sid).keys.list(limit=1)
        keys = {"status": 200}
    except TwilioRestException as e:
        keys = {"status": e.status, "code": e.code}
    except TwilioException as e:  # this release fails a list page with the response as its second argument
        response = e.args[1]
        keys = {"status": response.status_code, "code": json.loads(response.text).get("code")}
    print(json.dumps({
        "serviceSid": service.sid,
        "serviceAccountSid": service.account_sid,
        "bindingSid": binding.sid,
        "bindingAccountSid": binding.account_sid,
        "bindings": [b.sid for b in bindings],
        "notificationSid": notification.sid,
        "keys": keys,
    }))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("usage: python3 keys.py BASE_URL ACCOUNT_SID KEY_SID KEY_SECRET")
    try:
        main(*sys.argv[1:])
    except TwilioRestException as e:
        print(json.dumps({"error": e.msg, "status": e.status, "code": e.code}), file=sys.stderr)
        sys.exit(1)
