#!/usr/bin/env python3
"""Random COP1/COP1X instructions with biased operands for the FPU
differential test: one line per instruction in the protocol of runner.c.

usage: gen.py SEED COUNT FR ABI     (ABI o32 or n64; n64 adds paired single)
"""
import random
import sys

seed, count, fr, abi = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
n64 = abi == "n64"
R = random.Random(seed)
M64 = (1 << 64) - 1

S_SPECIAL = [0, 0x80000000, 0x7f800000, 0xff800000, 0x7f800001, 0x7fbfffff,
             0x7fc00000, 0xffffffff, 0x00000001, 0x807fffff, 0x00800000,
             0x80800000, 0x7f7fffff, 0xff7fffff, 0x3f800000, 0xbf800000,
             0x4f000000, 0xcf000000, 0x4effffff, 0x5f000000, 0xdf000000,
             0x3f000000, 0x3fc00000, 0x40200000, 0x00400000, 0x00000002,
             0x4b800000, 0x4b7fffff, 0x34000000, 0x0c000000, 0x1f800000,
             0x5f800000]
D_SPECIAL = [0, 1 << 63, 0x7ff0000000000000, 0xfff0000000000000,
             0x7ff0000000000001, 0x7ff7ffffffffffff, 0x7ff8000000000000,
             M64, 1, 0x800fffffffffffff, 0x0010000000000000,
             0x7fefffffffffffff, 0x3ff0000000000000, 0xbff0000000000000,
             0x41e0000000000000, 0xc1e0000000000000, 0x41dfffffffc00000,
             0x43e0000000000000, 0xc3e0000000000000, 0x3fe0000000000000,
             0x3ff8000000000000, 0x4004000000000000, 0x0008000000000000,
             0x47efffffe0000000, 0x36a0000000000000, 0x3810000000000000,
             0x380fffffffffffff, 0x47f0000000000000, 0x36a0000000000001,
             0x001fffffffffffff, 0x3cb0000000000000, 0x41dfffffffffffff,
             0xc1e0000000200000, 0x433fffffffffffff]


def rexp(bias, emax):
    """Exponents near 1.0, near the denormal range and near overflow."""
    c = R.random()
    if c < 0.4:
        return bias + R.randint(-8, 8)
    if c < 0.6:
        return R.randint(0, 30)
    if c < 0.8:
        return emax - R.randint(0, 30)
    return R.randint(0, emax)


def rs():
    c = R.random()
    if c < 0.25:
        m = R.choice([R.getrandbits(23), R.getrandbits(3),
                      (1 << 23) - 1 - R.getrandbits(3),
                      R.getrandbits(23) & ~0xfff, 0x400000 | R.getrandbits(2)])
        return R.getrandbits(1) << 31 | rexp(127, 254) << 23 | (m & 0x7fffff)
    if c < 0.35:
        return R.choice(S_SPECIAL)
    if c < 0.55:
        return (R.choice(S_SPECIAL) + R.randint(-3, 3)) & 0xffffffff
    if c < 0.7:
        return (R.getrandbits(32) & 0x80ffffff |
                R.choice([0x3f, 0x40, 0, 1, 0x7f, 0x4b, 0x5e, 0x34]) << 23)
    if c < 0.8:
        return R.getrandbits(32) & 0x807fffff
    if c < 0.9:
        return R.randint(-100, 100) & 0xffffffff
    return R.getrandbits(32)


def rd():
    c = R.random()
    if c < 0.25:
        m = R.choice([R.getrandbits(52), R.getrandbits(3),
                      (1 << 52) - 1 - R.getrandbits(3),
                      R.getrandbits(52) & ~0xfffffff, 1 << 51 | R.getrandbits(2),
                      R.getrandbits(24) << 29])
        return (R.getrandbits(1) << 63 | rexp(1023, 2046) << 52 |
                (m & ((1 << 52) - 1)))
    if c < 0.35:
        return R.choice(D_SPECIAL)
    if c < 0.55:
        return (R.choice(D_SPECIAL) + R.randint(-3, 3)) & M64
    if c < 0.7:
        return (R.getrandbits(64) & 0x800fffffffffffff |
                R.choice([0x3ff, 0x400, 0, 1, 0x7fe, 0x433, 0x43d, 0x36a,
                          0x380, 0x37f, 0x3c9]) << 52)
    if c < 0.8:
        return R.getrandbits(64) & 0x800fffffffffffff
    if c < 0.9:
        return R.randint(-1000, 1000) & M64
    return R.getrandbits(64)


FUNCS = (list(range(0, 0x10)) +
         [0x11, 0x12, 0x13, 0x15, 0x16, 0x18, 0x1a, 0x1c, 0x1d, 0x1e, 0x1f,
          0x20, 0x21, 0x24, 0x25, 0x26, 0x28, 0x2c, 0x2d, 0x2e, 0x2f] +
         list(range(0x30, 0x40)))


def reg():
    return R.randint(0, 7) if R.random() < 0.9 else R.randint(0, 31)


for _ in range(count):
    ft, fs, fd = reg(), reg(), reg()
    if R.random() < 0.12:
        fr_ = reg()
        op = R.randint(4, 7)
        fmt3 = R.choice([0, 1, 0, 1, 2] + ([6, 6] if n64 else []))
        insn = (0x13 << 26 | fr_ << 21 | ft << 16 | fs << 11 | fd << 6 |
                op << 3 | fmt3)
    else:
        fmt = R.choice([0x10, 0x11, 0x10, 0x11, 0x14, 0x15] +
                       ([0x16, 0x16] if n64 else []))
        if fmt in (0x10, 0x11, 0x16):
            func = R.choice(FUNCS) if R.random() < 0.97 else R.randint(0, 63)
        else:
            func = (R.choice([0x20, 0x21, 0x26]) if R.random() < 0.9
                    else R.randint(0, 63))
        low = fd << 6
        if func >= 0x30:	# cc, and now and then the CABS / spare bit
            low = (R.randint(0, 7) << 8 |
                   (0x40 if R.random() < 0.03 else 0) |
                   (0x80 if R.random() < 0.03 else 0))
        if func in (0x12, 0x13):	# MOVZ/MOVN test $8, which runner loads
            ft = 8
        insn = 0x11 << 26 | fmt << 21 | ft << 16 | fs << 11 | low | func
    fcsr = R.randint(0, 3)
    if R.random() < 0.3:
        fcsr |= R.getrandbits(5) << 7
    if R.random() < 0.3:
        fcsr |= 1 << 24
    if R.random() < 0.5:
        fcsr |= R.getrandbits(5) << 2
    if R.random() < 0.2:	# stale cause bits, never with their enable
        fcsr |= (R.getrandbits(5) & ~(fcsr >> 7)) << 12
    fcsr |= (R.getrandbits(8) & 0xfe) << 24 | R.getrandbits(1) << 23
    gpr = R.choice([0, 1, 0xffffffff, 0x100000000 if n64 else 2])
    lo = [0] * 32
    hi = [0] * 32
    if fr:
        for i in range(32):
            v = rd() if R.random() < 0.5 else rs() | R.getrandbits(32) << 32
            lo[i], hi[i] = v & 0xffffffff, v >> 32
    else:
        for i in range(0, 32, 2):
            if R.random() < 0.5:
                v = rd()
                lo[i], lo[i + 1] = v & 0xffffffff, v >> 32
            else:
                lo[i], lo[i + 1] = rs(), rs()
    print("%08x %08x %x %s %s" % (insn, fcsr, gpr,
                                  " ".join("%x" % x for x in lo),
                                  " ".join("%x" % x for x in hi)))
