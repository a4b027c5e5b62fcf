#!/usr/bin/env python3
"""Curated FPU vectors for tests/unit/test_fpu.c (the qemu_vecs table):
runs each under qemu-mips64el -cpu MIPS64R2-generic with FR=1 and prints
the C rows. Registers: fs=$f2 ft=$f4 fr=$f6 fd=$f8 ($8 for MOVZ/MOVN).

usage: mips64el-linux-gnuabi64-gcc -O1 -static -march=mips64r2 \
           -o run64 tests/fpu/runner.c
       tests/fpu/gen_vectors.py ./run64 > rows
"""
import subprocess
import struct
import sys
FS, FT, FR, FD = 2, 4, 6, 8
def cop1(fmt, func, low=None):
    l = (FD << 6) if low is None else low
    return 0x11 << 26 | fmt << 21 | FT << 16 | FS << 11 | l | func
def cop1x(op, fmt3):
    return 0x13 << 26 | FR << 21 | FT << 16 | FS << 11 | FD << 6 | op << 3 | fmt3
S, D, W, L = 0x10, 0x11, 0x14, 0x15
cases = []
def c(name, insn, fcsr, a, b=0, r=0, gpr=0):
    cases.append((name, insn, fcsr, a, b, r, gpr))
fs = lambda x: struct.unpack('<I', struct.pack('<f', x))[0]
fd_ = lambda x: struct.unpack('<Q', struct.pack('<d', x))[0]
RMS = ["rn", "rz", "rp", "rm"]
# arithmetic, rounding in each mode
for rm in range(4):
    c("add.s 1+0.75ulp " + RMS[rm], cop1(S, 0), rm, 0x3f800000, 0x33c00000)
    c("add.s -1-0.75ulp " + RMS[rm], cop1(S, 0), rm, 0xbf800000, 0xb3c00000)
    c("sub.d 1-0.75ulp " + RMS[rm], cop1(D, 1), rm, fd_(1.0), 0x3c98000000000000)
    c("mul.d 1/3*3 " + RMS[rm], cop1(D, 2), rm, fd_(1/3), fd_(3.0))
    c("div.s 1/3 " + RMS[rm], cop1(S, 3), rm, fs(1.0), fs(3.0))
    c("div.d -2/3 " + RMS[rm], cop1(D, 3), rm, fd_(-2.0), fd_(3.0))
    c("sqrt.s 2 " + RMS[rm], cop1(S, 4), rm, fs(2.0))
    c("sqrt.d 2 " + RMS[rm], cop1(D, 4), rm, fd_(2.0))
    c("add.s max+max " + RMS[rm], cop1(S, 0), rm, 0x7f7fffff, 0x7f7fffff)
    c("mul.d -max*2 " + RMS[rm], cop1(D, 2), rm, 0xffefffffffffffff, fd_(2.0))
    c("mul.s tiny*0.75 " + RMS[rm], cop1(S, 2), rm, 0x00800000, fs(0.75))
    c("mul.d -tiny*0.75 " + RMS[rm], cop1(D, 2), rm, 0x8010000000000000, fd_(0.75))
    c("sub.s x-x " + RMS[rm], cop1(S, 1), rm, fs(1.5), fs(1.5))
    c("cvt.s.d " + RMS[rm], cop1(D, 0x20), rm, 0x3ff0000010000001)
    c("cvt.w.s 2.5 " + RMS[rm], cop1(S, 0x24), rm, fs(2.5))
    c("cvt.w.d -2.5 " + RMS[rm], cop1(D, 0x24), rm, fd_(-2.5))
    c("cvt.l.d -3.5 " + RMS[rm], cop1(D, 0x25), rm, fd_(-3.5))
    c("cvt.s.w 16777217 " + RMS[rm], cop1(W, 0x20), rm, 16777217)
    c("cvt.d.l 2^63-1 " + RMS[rm], cop1(L, 0x21), rm, 2**63 - 1)
    c("cvt.s.l -(2^40+1) " + RMS[rm], cop1(L, 0x20), rm, (-(2**40 + 1)) & (2**64 - 1))
    c("mul.s tiny*0.5 exact " + RMS[rm], cop1(S, 2), rm, 0x00800000, fs(0.5))
    c("mul.d just below min normal " + RMS[rm], cop1(D, 2), rm, 0x001fffffffffffff, fd_(0.5))
# round/trunc/ceil/floor in both formats, W and L
for func, nm in ((0xc, "round.w"), (0xd, "trunc.w"), (0xe, "ceil.w"), (0xf, "floor.w"),
                 (0x8, "round.l"), (0x9, "trunc.l"), (0xa, "ceil.l"), (0xb, "floor.l")):
    c(nm + ".s -1.5", cop1(S, func), 1, fs(-1.5))
    c(nm + ".d 2.5", cop1(D, func), 3, fd_(2.5))
    c(nm + ".d 0.5000001", cop1(D, func), 0, fd_(0.5000001))
    c(nm + ".s -0.25", cop1(S, func), 0, fs(-0.25))
    c(nm + ".d nan", cop1(D, func), 0, 0x7ff0000000000001)
    c(nm + ".s -inf", cop1(S, func), 0, 0xff800000)
    c(nm + ".d 2^31", cop1(D, func), 0, fd_(2.0**31))
    c(nm + ".d -2^31", cop1(D, func), 0, fd_(-2.0**31))
    c(nm + ".d -2^63", cop1(D, func), 0, fd_(-2.0**63))
    c(nm + ".s 2^63", cop1(S, func), 0, fs(2.0**63))
    c(nm + ".d V enabled", cop1(D, func), 0x800, fd_(1e300))
# conversions
c("cvt.d.s denormal", cop1(S, 0x21), 0, 0x00000001)
c("cvt.d.s snan", cop1(S, 0x21), 0, 0x7fc00000)
c("cvt.d.s qnan", cop1(S, 0x21), 0, 0x7f800001)
c("cvt.s.d overflow", cop1(D, 0x20), 0, fd_(1e300))
c("cvt.s.d underflow", cop1(D, 0x20), 0, fd_(1e-40))
c("cvt.s.d underflow FS", cop1(D, 0x20), 0x01000000, fd_(1e-40))
c("cvt.d.w -1", cop1(W, 0x21), 0, 0xffffffff)
c("cvt.d.l int64 min", cop1(L, 0x21), 0, 1 << 63)
c("cvt.s.s reserved", cop1(S, 0x20), 0, fs(1.0))
c("cvt.d.d reserved", cop1(D, 0x21), 0, fd_(1.0))
c("cvt.w.w reserved", cop1(W, 0x24), 0, 1)
# special values
c("add.s inf-inf", cop1(S, 0), 0, 0x7f800000, 0xff800000)
c("mul.d 0*inf", cop1(D, 2), 0, 0, 0x7ff0000000000000)
c("div.s 0/0", cop1(S, 3), 0, 0, 0x80000000)
c("div.d 1/0", cop1(D, 3), 0, fd_(1.0), 0)
c("div.d -1/0 Z enabled", cop1(D, 3), 0x400, fd_(-1.0), 0)
c("div.s 1/3 I enabled", cop1(S, 3), 0x80, fs(1.0), fs(3.0))
c("add.d max+max O enabled", cop1(D, 0), 0x200, 0x7fefffffffffffff, 0x7fefffffffffffff)
c("mul.s tiny U enabled", cop1(S, 2), 0x100, 0x00800000, fs(0.75))
c("mul.s tiny exact U enabled", cop1(S, 2), 0x100, 0x00800000, fs(0.5))
c("sqrt.d -1", cop1(D, 4), 0, fd_(-1.0))
c("sqrt.s -0", cop1(S, 4), 0, 0x80000000)
c("sqrt.d V enabled", cop1(D, 4), 0x800, fd_(-1.0))
c("add.s qnan+1", cop1(S, 0), 0, 0x7f800001, fs(1.0))
c("add.s 1+snan", cop1(S, 0), 0, fs(1.0), 0x7fc00000)
c("mul.d qnan*snan", cop1(D, 2), 0, 0x7ff0000000000001, 0x7ff8000000000000)
c("add.d -0+-0", cop1(D, 0), 0, 1 << 63, 1 << 63)
c("add.d +0+-0 rm", cop1(D, 0), 3, 0, 1 << 63)
c("add.s denormals", cop1(S, 0), 0, 0x00000001, 0x00000001)
c("add.s denormal FS", cop1(S, 0), 0x01000000, 0x00000003, 0x0)
c("mul.s tiny FS", cop1(S, 2), 0x01000000, 0x00800000, fs(0.75))
c("mul.s tiny FS rounds to normal", cop1(S, 2), 0x01000002, 0x00ffffff, fs(0.99999994))
c("add.s cause cleared", cop1(S, 0), 0x0001f000, fs(1.0), fs(1.0))
c("abs.s snan", cop1(S, 5), 0, 0xffc00000)
c("neg.d qnan", cop1(D, 7), 0x0001f000, 0x7ff0000000000001)
c("neg.s -0", cop1(S, 7), 0, 0x80000000)
c("mov.d", cop1(D, 6), 0, 0x123456789abcdef0)
c("mov.s keeps cause", cop1(S, 6), 0x00004000, 0x7fc00000)
c("recip.s 3", cop1(S, 0x15), 0, fs(3.0))
c("recip.d 0", cop1(D, 0x15), 0, 0)
c("rsqrt.s 2", cop1(S, 0x16), 0, fs(2.0))
c("rsqrt.d 3", cop1(D, 0x16), 2, fd_(3.0))
c("rsqrt.d -4", cop1(D, 0x16), 0, fd_(-4.0))
c("recip2.s", cop1(S, 0x1c), 0, fs(3.0), fs(0.333))
c("rsqrt2.d", cop1(D, 0x1f), 0, fd_(2.0), fd_(0.49))
c("recip1.d", cop1(D, 0x1d), 0, fd_(7.0))
c("rsqrt1.s", cop1(S, 0x1e), 0, fs(5.0))
# multiply-add: a*b rounds to 1+2^-11 then adding -(1+2^-11) gives 0 (unfused)
for op, nm in ((4, "madd"), (5, "msub"), (6, "nmadd"), (7, "nmsub")):
    c(nm + ".s unfused", cop1x(op, 0), 0, 0x3f800800, 0x3f800800, 0xbf801000)
    c(nm + ".d", cop1x(op, 1), 2, fd_(1.1), fd_(2.3), fd_(-0.7))
    c(nm + ".s nan", cop1x(op, 0), 0, 0x7fc00000, fs(1.0), fs(1.0))
    c(nm + ".d inf-inf", cop1x(op, 1), 0, 0x7ff0000000000000, fd_(1.0), 0x7ff0000000000000)
    c(nm + ".s overflow O enabled", cop1x(op, 0), 0x200, 0x7f7fffff, fs(2.0), 0)
c("madd.s flags of both steps", cop1x(4, 0), 0, 0x7f7fffff, fs(2.0), 0xff800000)
# compares: every condition, several orderings
vals = [("1<2", fs(1.0), fs(2.0)), ("2>1", fs(2.0), fs(1.0)), ("1=1", fs(1.0), fs(1.0)),
        ("+0=-0", 0, 0x80000000), ("qnan", 0x7f800001, fs(1.0)), ("snan", fs(1.0), 0x7fc00000)]
for cond in range(16):
    for nm, a, b in vals:
        c("c.%d.s %s" % (cond, nm), cop1(S, 0x30 | cond, 0), 0, a, b)
    c("c.%d.d 1<2 cc5" % cond, cop1(D, 0x30 | cond, 5 << 8), 0, fd_(1.0), fd_(2.0))
c("c.lt.d qnan V enabled", cop1(D, 0x3c, 0), 0x800, 0x7ff0000000000001, fd_(1.0))
c("c.olt.d qnan V enabled", cop1(D, 0x34, 0), 0x800, 0x7ff0000000000001, fd_(1.0))
c("cabs.eq.s -1 1", cop1(S, 0x32, 0x40), 0, fs(-1.0), fs(1.0))
# conditional moves
for tf in range(2):
    for cc, fcsr in ((0, 0x00800000), (0, 0), (6, 0x40000000), (6, 0)):
        ftf = (cc << 2) | tf
        insn = 0x11 << 26 | S << 21 | ftf << 16 | FS << 11 | FD << 6 | 0x11
        c("mov%s.s cc%d %s" % ("tf"[tf], cc, "set" if fcsr else "clear"), insn, fcsr, fs(5.0))
for func, nm in ((0x12, "movz"), (0x13, "movn")):
    for g in (0, 7):
        insn = 0x11 << 26 | D << 21 | 8 << 16 | FS << 11 | FD << 6 | func
        c("%s.d gpr=%d" % (nm, g), insn, 0, fd_(5.0), gpr=g)

# paired single (FIR.PS, FR=1)
PS = 0x16
ps = lambda hi, lo: fs(hi) << 32 | fs(lo)
c("add.ps", cop1(PS, 0), 0, ps(1.5, 2.0), ps(0.25, -3.0))
c("sub.ps overflow upper", cop1(PS, 1), 0, 0x7f7fffff << 32 | fs(1.0), 0xff7fffff << 32 | fs(1.0))
c("mul.ps inexact rz", cop1(PS, 2), 1, ps(1/3, 3.0), ps(3.0, 1/3))
c("mul.ps O enabled", cop1(PS, 2), 0x200, 0x7f7fffff << 32 | fs(1.0), ps(2.0, 1.0))
c("abs.ps", cop1(PS, 5), 0, ps(-1.0, -2.0))
c("neg.ps", cop1(PS, 7), 0, ps(-1.0, 2.0))
c("mov.ps", cop1(PS, 6), 0, 0x123456789abcdef0)
c("cvt.ps.s", cop1(S, 0x26), 0, fs(1.0), fs(2.0))
c("cvt.s.pu", cop1(PS, 0x20), 0x0001f000, ps(1.0, 2.0))
c("cvt.s.pl", cop1(PS, 0x28), 0, ps(1.0, 2.0))
for func, nm in ((0x2c, "pll"), (0x2d, "plu"), (0x2e, "pul"), (0x2f, "puu")):
    c(nm + ".ps", cop1(PS, func), 0, ps(1.0, 2.0), ps(3.0, 4.0))
c("c.eq.ps cc2", cop1(PS, 0x32, 2 << 8), 0, ps(1.0, 2.0), ps(1.0, 3.0))
c("c.lt.ps nan upper V enabled", cop1(PS, 0x3c, 0), 0x800, 0x7f800001 << 32 | fs(1.0), ps(1.0, 2.0))
c("c.ult.ps", cop1(PS, 0x35, 4 << 8), 0, 0x7f800001 << 32 | fs(3.0), ps(1.0, 2.0))
for tf in range(2):
    insn = 0x11 << 26 | PS << 21 | ((2 << 2) | tf) << 16 | FS << 11 | FD << 6 | 0x11
    c("mov%s.ps cc2 set, cc3 clear" % "ft"[tf], insn, 0x02000000, ps(5.0, 6.0))
c("madd.ps", cop1x(4, 6), 0, ps(1.1, 1.0), ps(2.0, 3.0), ps(-1.0, 0.5))
c("nmsub.ps unfused", cop1x(7, 6), 0, 0x3f800800 << 32 | 0x3f800800, 0x3f800800 << 32 | 0x3f800800, 0x3f801000 << 32 | 0xbf801000)
c("addr.ps", cop1(PS, 0x18), 0, ps(1.0, 2.0), ps(10.0, 20.0))
c("mulr.ps", cop1(PS, 0x1a), 0, ps(3.0, 2.0), ps(10.0, 20.0))
c("recip1.ps", cop1(PS, 0x1d), 0, ps(3.0, 0.0))
c("rsqrt1.ps", cop1(PS, 0x1e), 0, ps(4.0, -1.0))
c("recip2.ps", cop1(PS, 0x1c), 0, ps(3.0, 2.0), ps(0.3, 0.5))
c("rsqrt2.ps", cop1(PS, 0x1f), 0, ps(2.0, 2.0), ps(0.49, 0.5))
c("cvt.pw.ps", cop1(PS, 0x24), 0, ps(-2.5, 1e10))
c("cvt.ps.pw", cop1(W, 0x26), 0, (-3 & 0xffffffff) << 32 | 16777217)

def line(insn, fcsr, a, b, r, gpr):
    lo = [0]*32; hi = [0]*32
    for reg, v in ((FS, a), (FT, b), (FR, r)):
        lo[reg] = v & 0xffffffff; hi[reg] = v >> 32
    lo[FD] = 0; hi[FD] = 0
    return "%08x %08x %x %s %s" % (insn, fcsr, gpr, " ".join("%x" % x for x in lo), " ".join("%x" % x for x in hi))
inp = "\n".join(line(*x[1:]) for x in cases) + "\n"
out = subprocess.run(["qemu-mips64el-static", "-cpu", "MIPS64R2-generic", sys.argv[1], "1"],
                     input=inp, capture_output=True, text=True).stdout.split("\n")
for (name, insn, fcsr, a, b, r, gpr), o in zip(cases, out):
    t = o.split()
    if t[0] == "OK":
        res = "FPU_OK"; fo = int(t[1], 16); v = int(t[2 + FD], 16) | int(t[34 + FD], 16) << 32
    elif t[0] == "FPE":
        res = "FPU_FPE"; fo = int(t[1], 16); v = 0
    else:
        res = "FPU_RI"; fo = 0; v = 0
    print('\t{ "%s", 0x%08x, 0x%08x, 0x%x, 0x%x, 0x%x, %d, %s, 0x%x, 0x%08x },' % (name, insn, fcsr, a, b, r, gpr, res, v, fo))
