#!/usr/bin/env python3
"""Read `openssl speed rsa2048` output on stdin and print the RSA-2048 sign/s figure.

The column is located through the header line (`sign verify sign/s verify/s` in OpenSSL 3.0;
later versions add encrypt/decrypt columns), and the value is taken from the `rsa 2048 bits`
row. Exits 1 if either line is missing.
"""

import sys


def main() -> int:
    header = None
    for line in sys.stdin:
        tokens = line.split()
        if "sign/s" in tokens:
            header = tokens
            continue
        if header and tokens[:3] == ["rsa", "2048", "bits"]:
            values = tokens[3:]
            index = header.index("sign/s")
            if index < len(values):
                print(values[index])
                return 0
    print("cannot find the 'rsa 2048 bits ... sign/s' line in openssl speed output", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
