"""What the pyodata checks share: failing with a message, and a token from a service key."""

import requests


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def token(oauth):
    """A client-credentials token from the key's `tokenurl`, as Piper asks for one."""
    response = requests.post(
        oauth["tokenurl"],
        params={"grant_type": "client_credentials"},
        auth=(oauth["clientid"], oauth["clientsecret"]),
        timeout=30,
    )
    check(response.status_code == 200, f"token request: HTTP {response.status_code}: {response.text}")
    return response.json()["access_token"]
