#!/usr/bin/env python3
"""A small expect for the PROM tests: run a command, wait for each
pattern on its output and send the text that follows it.

usage: expect.py TIMEOUT LOG [-e REGEX | -s TEXT]... -- CMD ARGS...

TEXT takes \\r and \\n escapes. After the last step, waits for the
command to exit and returns its status; a pattern not seen within
TIMEOUT seconds kills it, names the pattern on stderr and returns 124.
Everything the command printed goes to LOG.
"""
import os
import re
import select
import subprocess
import sys
import time


def main():
    timeout, log = float(sys.argv[1]), sys.argv[2]
    args = sys.argv[3:]
    sep = args.index('--')
    steps, cmd = args[:sep], args[sep + 1:]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    out, pos = b'', 0
    deadline = time.time() + timeout

    def pump(wait):
        nonlocal out
        r, _, _ = select.select([p.stdout], [], [], wait)
        if r:
            chunk = os.read(p.stdout.fileno(), 65536)
            out += chunk
            return bool(chunk)
        return True

    def finish(rc, why=None):
        with open(log, 'wb') as f:
            f.write(out)
        if why:
            sys.stderr.write(why + '\n')
        sys.exit(rc)

    i = 0
    while i < len(steps):
        kind, val = steps[i], steps[i + 1]
        i += 2
        if kind == '-s':
            text = val.replace('\\r', '\r').replace('\\n', '\n')
            try:
                p.stdin.write(text.encode())
                p.stdin.flush()
            except BrokenPipeError:
                finish(1, 'the command exited before %r was sent' % val)
            continue
        rx = re.compile(val.encode())
        while True:
            m = rx.search(out, pos)
            if m:
                pos = m.end()
                break
            if time.time() > deadline:
                p.kill()
                finish(124, 'timed out waiting for /%s/' % val)
            if not pump(0.2) and p.poll() is not None:
                finish(1, 'the command exited before /%s/' % val)
    while p.poll() is None and time.time() < deadline:
        pump(0.2)
    if p.poll() is None:
        p.kill()
        finish(124, 'timed out waiting for the command to exit')
    while pump(0):
        if not select.select([p.stdout], [], [], 0)[0]:
            break
    finish(p.returncode)


if __name__ == '__main__':
    main()
