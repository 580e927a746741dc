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


def main(run, usage, name):
    """Runs `run(*arguments)` with the command line's arguments (as many as `run` takes); exit
    code 0 when it passes, 1 with the reason when it fails, 2 with `usage` for wrong arguments."""
    import inspect
    import sys
    import traceback

    arguments = sys.argv[1:]
    if len(arguments) != len(inspect.signature(run).parameters):
        print(usage, file=sys.stderr)
        return 2
    try:
        run(*arguments)
    except CheckFailed as e:
        print(f"{name} FAILED: {e}", file=sys.stderr)
        return 1
    except Exception as e:  # pyodata's own errors (metadata, HTTP, response shapes) end up here
        traceback.print_exc()
        detail = ""
        response = getattr(e, "response", None)
        if response is not None:
            detail = f" (HTTP {response.status_code}: {response.text[:2000]})"
        print(f"{name} FAILED: {type(e).__name__}: {e}{detail}", file=sys.stderr)
        return 1
    return 0
