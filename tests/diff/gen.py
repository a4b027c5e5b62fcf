#!/usr/bin/env python3
"""Random MIPS user-mode instruction sequences for differential testing.

Writes one assembly file holding COUNT sequences (seq_0 .. seq_N-1) for
one ABI, to be linked with harness.c. Each sequence starts from random
GPRs, HI/LO, FPRs, FCSR and a random 256-byte scratch buffer (addressed
through $30, which the sequence never writes), runs 20-60 random
instructions, and stores its whole state into the dump area for the
harness to print. Sequence K is generated from Random(f"{seed}:{k}") so
any one of them can be regenerated on its own.

Everything the MIPS32/MIPS64 Release 2 manuals call UNPREDICTABLE is
avoided rather than compared:
  - branches only go forward, never sit in a delay slot, and link
    branches never test $31;
  - on n64 every 32-bit operation gets sign-extended inputs (the
    generator tracks which registers hold them and inserts SLL x,x,0);
  - divisors are forced odd (ORI 1) so never zero;
  - HI/LO are not read after MUL (which leaves them UNPREDICTABLE) until
    rewritten, and MADD/MSUB on n64 only run on sign-extended HI/LO;
  - LL/SC come in pairs on one address with only ALU work between;
  - FP operands always hold a value of the instruction's format (the
    generator tracks each FPR's format), doubles use even registers when
    FR=0 (o32), and on n64 an FPR last written with a 32-bit value gets
    MTHC1 $0 before the dump (its upper half is UNPREDICTABLE);
  - a partial LWR on n64 is followed by SLL x,x,0 (bits 63..32 are
    implementation-dependent);
  - no trapping arithmetic, traps, or FP exception enables.
"""

import argparse
import random
import struct
import sys

SCRATCH = 256
# GPRs the sequence may write: not $0 (except on purpose), $29 (sp, the
# C stack: differs between emulators), $30 (scratch base).
GPRS = [r for r in range(1, 32) if r not in (29, 30)]
SRC_GPRS = [0] + GPRS + [30]


class Gen:
    def __init__(self, rng, n64):
        self.r = rng
        self.n64 = n64
        self.out = []
        self.labels = 0
        self.pending = []      # (label, position) forward targets
        # n64: registers known to hold sign-extended 32-bit values
        self.sext = set([0])
        self.hilo_ok = True    # HI/LO defined (not after MUL)
        self.hilo_sext = True  # HI/LO hold sign-extended 32-bit values
        # FPR formats: 'S', 'W', 'D', 'L', or 'H' (odd half of an FR=0
        # double); fr32 marks n64 FPRs whose upper half is undefined.
        self.ffmt = {}
        self.fr32 = set()

    # ---- helpers ----
    def emit(self, s):
        self.out.append("\t" + s)

    def gpr(self):
        return self.r.choice(GPRS)

    def dst(self):
        # rarely $0, to check that writes to it are dropped
        return 0 if self.r.random() < 0.03 else self.gpr()

    def src(self):
        return self.r.choice(SRC_GPRS)

    def wrote(self, rd, sext):
        if rd == 0:
            return
        if sext:
            self.sext.add(rd)
        else:
            self.sext.discard(rd)

    def src32(self):
        """A source register holding a sign-extended 32-bit value."""
        rs = self.src()
        if self.n64 and rs not in self.sext:
            if rs in (30,):
                rs = self.gpr()
                if rs in self.sext:
                    return rs
            self.emit("sll\t$%d, $%d, 0" % (rs, rs))
            self.sext.add(rs)
        return rs

    def imm16(self):
        c = self.r.random()
        if c < 0.3:
            return self.r.randint(-16, 16)
        if c < 0.5:
            return self.r.choice([0x7fff, -0x8000, -1, 1, 0x8000 - 1])
        return self.r.randint(-0x8000, 0x7fff)

    def uimm16(self):
        return self.r.choice([0, 1, 0xffff, 0x8000, self.r.randint(0, 0xffff)])

    # ---- integer ALU ----
    def alu(self):
        r = self.r
        k = r.randrange(14 if not self.n64 else 20)
        if k == 0:
            op = r.choice(["addu", "subu"])
            a, b = self.src32(), self.src32()
            rd = self.dst()
            self.emit("%s\t$%d, $%d, $%d" % (op, rd, a, b))
            self.wrote(rd, True)
        elif k == 1:
            a = self.src32()
            rd = self.dst()
            self.emit("addiu\t$%d, $%d, %d" % (rd, a, self.imm16()))
            self.wrote(rd, True)
        elif k == 2:
            op = r.choice(["and", "or", "xor", "nor"])
            a, b = self.src(), self.src()
            rd = self.dst()
            self.emit("%s\t$%d, $%d, $%d" % (op, rd, a, b))
            self.wrote(rd, a in self.sext and b in self.sext)
        elif k == 3:
            op = r.choice(["andi", "ori", "xori"])
            a = self.src()
            rd = self.dst()
            self.emit("%s\t$%d, $%d, 0x%x" % (op, rd, a, self.uimm16()))
            self.wrote(rd, op == "andi" or a in self.sext)
        elif k == 4:
            op = r.choice(["slt", "sltu"])
            rd = self.dst()
            self.emit("%s\t$%d, $%d, $%d" % (op, rd, self.src(), self.src()))
            self.wrote(rd, True)
        elif k == 5:
            op = r.choice(["slti", "sltiu"])
            rd = self.dst()
            self.emit("%s\t$%d, $%d, %d" % (op, rd, self.src(), self.imm16()))
            self.wrote(rd, True)
        elif k == 6:
            rd = self.dst()
            self.emit("lui\t$%d, 0x%x" % (rd, self.uimm16()))
            self.wrote(rd, True)
        elif k == 7:
            op = r.choice(["sll", "srl", "sra", "rotr"])
            a = self.src32() if op != "sll" else self.src()
            rd = self.dst()
            self.emit("%s\t$%d, $%d, %d" % (op, rd, a, r.randrange(32)))
            self.wrote(rd, True)
        elif k == 8:
            op = r.choice(["sllv", "srlv", "srav", "rotrv"])
            a = self.src32() if op != "sllv" else self.src()
            b = self.src()
            rd = self.dst()
            self.emit("%s\t$%d, $%d, $%d" % (op, rd, a, b))
            self.wrote(rd, True)
        elif k == 9:
            op = r.choice(["movz", "movn"])
            rd = self.dst()
            a, b = self.src(), self.src()
            self.emit("%s\t$%d, $%d, $%d" % (op, rd, a, b))
            self.wrote(rd, rd in self.sext and a in self.sext)
        elif k == 10:
            op = r.choice(["clz", "clo"])
            a = self.src32()
            rd = self.dst()
            self.emit("%s\t$%d, $%d" % (op, rd, a))
            self.wrote(rd, True)
        elif k == 11:
            op = r.choice(["seb", "seh", "wsbh"])
            a = self.src32()
            rd = self.dst()
            self.emit("%s\t$%d, $%d" % (op, rd, a))
            self.wrote(rd, True)
        elif k == 12:
            pos = r.randrange(32)
            size = r.randint(1, 32 - pos)
            rd = self.dst()
            self.emit("ext\t$%d, $%d, %d, %d" % (rd, self.src32(), pos, size))
            self.wrote(rd, True)
        elif k == 13:
            pos = r.randrange(32)
            size = r.randint(1, 32 - pos)
            rd = self.gpr()
            if self.n64 and rd not in self.sext:
                self.emit("sll\t$%d, $%d, 0" % (rd, rd))
            a = self.src32()
            self.emit("ins\t$%d, $%d, %d, %d" % (rd, a, pos, size))
            self.wrote(rd, True)
        # ---- n64 doubleword forms ----
        elif k == 14:
            op = r.choice(["daddu", "dsubu"])
            rd = self.dst()
            self.emit("%s\t$%d, $%d, $%d" % (op, rd, self.src(), self.src()))
            self.wrote(rd, False)
        elif k == 15:
            rd = self.dst()
            self.emit("daddiu\t$%d, $%d, %d" % (rd, self.src(), self.imm16()))
            self.wrote(rd, False)
        elif k == 16:
            op = r.choice(["dsll", "dsrl", "dsra", "dsll32", "dsrl32",
                           "dsra32", "drotr", "drotr32"])
            rd = self.dst()
            self.emit("%s\t$%d, $%d, %d" % (op, rd, self.src(),
                                            r.randrange(32)))
            self.wrote(rd, False)
        elif k == 17:
            op = r.choice(["dsllv", "dsrlv", "dsrav", "drotrv"])
            rd = self.dst()
            self.emit("%s\t$%d, $%d, $%d" % (op, rd, self.src(), self.src()))
            self.wrote(rd, False)
        elif k == 18:
            op = r.choice(["dclz", "dclo", "dsbh", "dshd"])
            rd = self.dst()
            self.emit("%s\t$%d, $%d" % (op, rd, self.src()))
            self.wrote(rd, op in ("dclz", "dclo"))
        else:
            rd = self.dst()
            op = r.choice(["dext", "dextm", "dextu", "dins", "dinsm",
                           "dinsu"])
            if op == "dext":
                pos = r.randrange(32); size = r.randint(1, 32)
            elif op == "dextm":
                pos = r.randrange(32); size = r.randint(33, 64 - pos)
            elif op == "dextu":
                pos = r.randint(32, 63); size = r.randint(1, 64 - pos)
            elif op == "dins":
                pos = r.randrange(32); size = r.randint(1, 32 - pos)
            elif op == "dinsm":
                pos = r.randrange(32); size = r.randint(33 - pos, 64 - pos) \
                    if pos < 32 else 1
                size = max(size, 2)
                if pos + size <= 32:
                    size = 33 - pos
            else:
                pos = r.randint(32, 63); size = r.randint(1, 64 - pos)
            self.emit("%s\t$%d, $%d, %d, %d" % (op, rd, self.src(), pos, size))
            self.wrote(rd, False)

    # ---- HI/LO ----
    def muldiv(self):
        r = self.r
        k = r.randrange(7 if not self.n64 else 9)
        if k == 0:
            op = r.choice(["mult", "multu"])
            self.emit("%s\t$%d, $%d" % (op, self.src32(), self.src32()))
            self.hilo_ok = self.hilo_sext = True
        elif k == 1:
            op = r.choice(["div", "divu"])
            a = self.src32()
            d = self.gpr()
            self.emit("ori\t$%d, $%d, 1" % (d, self.src32()))
            self.wrote(d, True)
            self.emit("%s\t$0, $%d, $%d" % (op, a, d))
            self.hilo_ok = self.hilo_sext = True
        elif k == 2:
            rd = self.dst()
            self.emit("mul\t$%d, $%d, $%d" % (rd, self.src32(), self.src32()))
            self.wrote(rd, True)
            self.hilo_ok = False
        elif k == 3:
            if self.hilo_ok and (self.hilo_sext or not self.n64):
                op = r.choice(["madd", "maddu", "msub", "msubu"])
                self.emit("%s\t$%d, $%d" % (op, self.src32(), self.src32()))
                self.hilo_sext = True
        elif k == 4:
            if self.hilo_ok:
                op = r.choice(["mfhi", "mflo"])
                rd = self.dst()
                self.emit("%s\t$%d" % (op, rd))
                self.wrote(rd, self.hilo_sext)
        elif k in (5, 6):
            # MTHI and MTLO together keep HI/LO a defined pair
            a, b = self.src(), self.src()
            self.emit("mthi\t$%d" % a)
            self.emit("mtlo\t$%d" % b)
            self.hilo_ok = True
            self.hilo_sext = a in self.sext and b in self.sext
        elif k == 7:
            op = r.choice(["dmult", "dmultu"])
            self.emit("%s\t$%d, $%d" % (op, self.src(), self.src()))
            self.hilo_ok = True
            self.hilo_sext = False
        else:
            op = r.choice(["ddiv", "ddivu"])
            a = self.src()
            d, b = self.gpr(), self.src()
            self.emit("ori\t$%d, $%d, 1" % (d, b))
            self.wrote(d, b in self.sext)
            self.emit("%s\t$0, $%d, $%d" % (op, a, d))
            self.hilo_ok = True
            self.hilo_sext = False

    # ---- memory ----
    def mem(self):
        r = self.r
        k = r.randrange(6 if not self.n64 else 8)
        if k == 0:
            op, size = r.choice([("lb", 1), ("lbu", 1), ("lh", 2),
                                 ("lhu", 2), ("lw", 4)])
            off = r.randrange(0, SCRATCH, size)
            rd = self.dst()
            self.emit("%s\t$%d, %d($30)" % (op, rd, off))
            self.wrote(rd, True)
        elif k == 1:
            op, size = r.choice([("sb", 1), ("sh", 2), ("sw", 4)])
            off = r.randrange(0, SCRATCH, size)
            self.emit("%s\t$%d, %d($30)" % (op, self.src(), off))
        elif k in (2, 3):
            op = r.choice(["lwl", "lwr"])
            off = r.randrange(0, SCRATCH)
            rd = self.gpr()
            if self.n64 and rd not in self.sext:
                self.emit("sll\t$%d, $%d, 0" % (rd, rd))
            self.emit("%s\t$%d, %d($30)" % (op, rd, off))
            # n64: a partial LWR leaves bits 63..32 implementation-
            # defined; the byte order decides which offsets are partial,
            # so always normalise after LWR
            if self.n64 and op == "lwr":
                self.emit("sll\t$%d, $%d, 0" % (rd, rd))
            self.wrote(rd, True)
        elif k == 4:
            op = r.choice(["swl", "swr"])
            off = r.randrange(0, SCRATCH)
            self.emit("%s\t$%d, %d($30)" % (op, self.src(), off))
        elif k == 5:
            self.llsc("ll", "sc", 4)
        elif k == 6:
            op, size = r.choice([("ld", 8), ("lwu", 4), ("ldl", 1),
                                 ("ldr", 1)])
            off = r.randrange(0, SCRATCH - 7, size)
            rd = self.dst()
            self.emit("%s\t$%d, %d($30)" % (op, rd, off))
            self.wrote(rd, False)
        else:
            c = r.random()
            if c < 0.2:
                self.llsc("lld", "scd", 8)
            else:
                op, size = r.choice([("sd", 8), ("sdl", 1), ("sdr", 1)])
                off = r.randrange(0, SCRATCH - 7, size)
                self.emit("%s\t$%d, %d($30)" % (op, self.src(), off))

    def llsc(self, ll, sc, size):
        off = self.r.randrange(0, SCRATCH, size)
        rd = self.gpr()
        self.emit("%s\t$%d, %d($30)" % (ll, rd, off))
        self.wrote(rd, size == 4)
        for _ in range(self.r.randrange(4)):
            self.alu()
        rt = self.gpr()
        self.emit("%s\t$%d, %d($30)" % (sc, rt, off))
        self.wrote(rt, True)

    # ---- FPU ----
    def fregs(self, fmt):
        """Registers currently holding a value of fmt."""
        return [f for f in range(32) if self.ffmt.get(f) == fmt]

    def fdst(self, fmt):
        if fmt in ("D", "L") and not self.n64:
            return self.r.randrange(0, 32, 2)
        return self.r.randrange(32)

    def fset(self, f, fmt):
        if not self.n64:
            if fmt in ("D", "L"):
                self.ffmt[f] = fmt
                self.ffmt[f + 1] = "H"
                return
            # a 32-bit write into half of an FR=0 double breaks it up
            if self.ffmt.get(f) == "H":
                self.ffmt[f - 1] = "H"
            elif self.ffmt.get(f) in ("D", "L"):
                self.ffmt[f + 1] = "H"
            self.ffmt[f] = fmt
            return
        self.ffmt[f] = fmt
        if fmt in ("S", "W"):
            self.fr32.add(f)
        else:
            self.fr32.discard(f)

    def fpu(self):
        r = self.r
        fmts = ["S", "D"]
        k = r.randrange(12)
        if k <= 2:
            fmt = r.choice(fmts)
            srcs = self.fregs(fmt)
            if not srcs:
                return
            op = r.choice(["add", "sub", "mul", "div"] if k < 2 else
                          ["sqrt", "abs", "neg", "mov"])
            fd = self.fdst(fmt)
            if k < 2:
                self.emit("%s.%s\t$f%d, $f%d, $f%d" % (
                    op, fmt.lower(), fd, r.choice(srcs), r.choice(srcs)))
            else:
                self.emit("%s.%s\t$f%d, $f%d" % (op, fmt.lower(), fd,
                                                 r.choice(srcs)))
            self.fset(fd, fmt)
        elif k == 3:
            fmt = r.choice(fmts)
            srcs = self.fregs(fmt)
            if not srcs:
                return
            op = r.choice(["madd", "msub", "nmadd", "nmsub"])
            fd = self.fdst(fmt)
            self.emit("%s.%s\t$f%d, $f%d, $f%d, $f%d" % (
                op, fmt.lower(), fd, r.choice(srcs), r.choice(srcs),
                r.choice(srcs)))
            self.fset(fd, fmt)
        elif k == 4:
            # conversions
            convs = [("S", "D", "cvt.d.s"), ("D", "S", "cvt.s.d"),
                     ("W", "S", "cvt.s.w"), ("W", "D", "cvt.d.w"),
                     ("S", "W", "cvt.w.s"), ("D", "W", "cvt.w.d")]
            for rnd in ("round", "trunc", "ceil", "floor"):
                convs.append(("S", "W", rnd + ".w.s"))
                convs.append(("D", "W", rnd + ".w.d"))
            if self.n64:
                convs += [("L", "S", "cvt.s.l"), ("L", "D", "cvt.d.l"),
                          ("S", "L", "cvt.l.s"), ("D", "L", "cvt.l.d"),
                          ("D", "L", "trunc.l.d"), ("S", "L", "round.l.s"),
                          ("D", "L", "floor.l.d"), ("D", "L", "ceil.l.d")]
            sfmt, dfmt, op = r.choice(convs)
            srcs = self.fregs(sfmt)
            if not srcs:
                return
            fd = self.fdst(dfmt)
            self.emit("%s\t$f%d, $f%d" % (op, fd, r.choice(srcs)))
            self.fset(fd, dfmt)
        elif k == 5:
            fmt = r.choice(fmts)
            srcs = self.fregs(fmt)
            if not srcs:
                return
            cond = r.choice(["f", "un", "eq", "ueq", "olt", "ult", "ole",
                             "ule", "sf", "ngle", "seq", "ngl", "lt",
                             "nge", "le", "ngt"])
            cc = r.randrange(8)
            self.emit("c.%s.%s\t$fcc%d, $f%d, $f%d" % (
                cond, fmt.lower(), cc, r.choice(srcs), r.choice(srcs)))
        elif k == 6:
            fmt = r.choice(fmts)
            srcs = self.fregs(fmt)
            fd = self.fdst(fmt)
            if not srcs or self.ffmt.get(fd) != fmt:
                return
            c = r.randrange(4)
            if c == 0:
                self.emit("movf.%s\t$f%d, $f%d, $fcc%d" % (
                    fmt.lower(), fd, r.choice(srcs), r.randrange(8)))
            elif c == 1:
                self.emit("movt.%s\t$f%d, $f%d, $fcc%d" % (
                    fmt.lower(), fd, r.choice(srcs), r.randrange(8)))
            else:
                self.emit("%s.%s\t$f%d, $f%d, $%d" % (
                    "movz" if c == 2 else "movn", fmt.lower(), fd,
                    r.choice(srcs), self.src()))
            self.fset(fd, fmt)
        elif k == 7:
            rd = self.dst()
            op = r.choice(["movf", "movt"])
            a = self.src()
            self.emit("%s\t$%d, $%d, $fcc%d" % (op, rd, a, r.randrange(8)))
            self.wrote(rd, rd in self.sext and a in self.sext)
        elif k == 8:
            # GPR <-> FPR moves
            c = r.randrange(4 if not self.n64 else 6)
            f = r.randrange(32)
            if c == 0:
                rd = self.dst()
                self.emit("mfc1\t$%d, $f%d" % (rd, f))
                self.wrote(rd, True)
            elif c == 1:
                self.emit("mtc1\t$%d, $f%d" % (self.src(), f))
                self.fset(f, r.choice(["S", "W"]))
            elif c == 2:
                if (not self.n64 and f % 2) or f in self.fr32:
                    return
                rd = self.dst()
                self.emit("mfhc1\t$%d, $f%d" % (rd, f if self.n64 else f))
                self.wrote(rd, True)
            elif c == 3:
                # MTHC1 writes the upper half of a double
                if not self.n64:
                    f &= ~1
                    if self.ffmt.get(f) != "D":
                        return
                elif self.ffmt.get(f) not in ("D", "L"):
                    return
                self.emit("mthc1\t$%d, $f%d" % (self.src(), f))
            elif c == 4:
                if f in self.fr32:
                    return
                rd = self.dst()
                self.emit("dmfc1\t$%d, $f%d" % (rd, f))
                self.wrote(rd, False)
            else:
                self.emit("dmtc1\t$%d, $f%d" % (self.src(), f))
                self.fset(f, r.choice(["D", "L"]))
        elif k == 9 and r.random() < 0.3:
            # COP1X indexed loads and stores: base $30, index in a GPR
            t = self.gpr()
            c = r.randrange(4)
            off = r.randrange(0, SCRATCH, 4 if c in (0, 2) else 8)
            self.emit("addiu\t$%d, $0, %d" % (t, off))
            self.wrote(t, True)
            if c == 0:
                f = r.randrange(32)
                self.emit("lwxc1\t$f%d, $%d($30)" % (f, t))
                self.fset(f, r.choice(["S", "W"]))
            elif c == 1:
                f = self.fdst("D")
                self.emit("ldxc1\t$f%d, $%d($30)" % (f, t))
                self.fset(f, "D")
            elif c == 2:
                self.emit("swxc1\t$f%d, $%d($30)" % (r.randrange(32), t))
            else:
                f = self.fdst("D")
                if f not in self.fr32:
                    self.emit("sdxc1\t$f%d, $%d($30)" % (f, t))
        elif k == 9:
            # FP loads and stores
            c = r.randrange(4)
            if c == 0:
                f = r.randrange(32)
                self.emit("lwc1\t$f%d, %d($30)" % (
                    f, r.randrange(0, SCRATCH, 4)))
                self.fset(f, r.choice(["S", "W"]))
            elif c == 1:
                f = self.fdst("D")
                self.emit("ldc1\t$f%d, %d($30)" % (
                    f, r.randrange(0, SCRATCH, 8)))
                self.fset(f, "D" if not self.n64 else r.choice(["D", "L"]))
            elif c == 2:
                self.emit("swc1\t$f%d, %d($30)" % (
                    r.randrange(32), r.randrange(0, SCRATCH, 4)))
            else:
                f = self.fdst("D")
                if f in self.fr32:
                    return
                self.emit("sdc1\t$f%d, %d($30)" % (
                    f, r.randrange(0, SCRATCH, 8)))
        elif k == 10:
            # FCSR: rounding mode, flags, condition codes; never enables
            v = r.randrange(4) | (r.randrange(32) << 2) | \
                (r.randrange(2) << 23) | (r.randrange(128) << 25)
            t = self.gpr()
            self.emit("li\t$%d, 0x%x" % (t, v))
            self.emit("ctc1\t$%d, $31" % t)
            self.wrote(t, v < 0x80000000)
        else:
            rd = self.dst()
            self.emit("cfc1\t$%d, $31" % rd)
            self.wrote(rd, True)

    # ---- control flow ----
    def straight(self):
        """One non-branch instruction (also used in delay slots)."""
        c = self.r.random()
        if c < 0.45:
            self.alu()
        elif c < 0.6:
            self.muldiv()
        elif c < 0.78:
            self.mem()
        else:
            self.fpu()

    def delay_slot(self):
        # a delay slot holds exactly one instruction: generate into a
        # scratch list and keep a one-instruction result
        for _ in range(20):
            saved = (list(self.out), set(self.sext), self.hilo_ok,
                     self.hilo_sext, dict(self.ffmt), set(self.fr32))
            mark = len(self.out)
            self.straight()
            if len(self.out) - mark == 1 and self.out[-1].split("\t")[1] \
                    not in ("ll", "sc", "lld", "scd", "li"):
                return
            (self.out, self.sext, self.hilo_ok, self.hilo_sext,
             self.ffmt, self.fr32) = saved
        self.emit("nop")

    def branch(self, remaining):
        r = self.r
        lab = "L%d_%d" % (self.seq, self.labels)
        self.labels += 1
        k = r.randrange(7)
        likely = r.random() < 0.3 and k < 4
        if k == 0:
            op = r.choice(["beq", "bne"]) + ("l" if likely else "")
            self.emit("%s\t$%d, $%d, %s" % (op, self.src(), self.src(), lab))
        elif k == 1:
            op = r.choice(["blez", "bgtz", "bltz", "bgez"]) + \
                ("l" if likely else "")
            self.emit("%s\t$%d, %s" % (op, self.src(), lab))
        elif k == 2:
            op = r.choice(["bltzal", "bgezal"]) + ("l" if likely else "")
            rs = self.src()
            while rs == 31:
                rs = self.src()
            self.emit("%s\t$%d, %s" % (op, rs, lab))
            self.wrote(31, not self.n64)
        elif k == 3:
            op = r.choice(["bc1t", "bc1f"]) + ("l" if likely else "")
            self.emit("%s\t$fcc%d, %s" % (op, r.randrange(8), lab))
        elif k == 4:
            self.emit("j\t%s" % lab)
        elif k == 5:
            self.emit("jal\t%s" % lab)
            self.wrote(31, not self.n64)
        else:
            # JALR through a register (rd != rs, else UNPREDICTABLE)
            t = self.gpr()
            rd = self.gpr()
            while rd == t:
                rd = self.gpr()
            self.emit("%s\t$%d, %s" % ("dla" if self.n64 else "la", t, lab))
            self.wrote(t, not self.n64)
            self.emit("jalr\t$%d, $%d" % (rd, t))
            self.wrote(rd, not self.n64)
        before = self.state()
        self.delay_slot()
        # the taken path reaches the label with the delay slot run; a
        # likely branch that falls through has annulled it
        taken = self.state()
        if likely:
            self.set_state(self.merged(before, taken))
        self.pending.append([lab, r.randint(1, max(1, remaining)), taken])

    def state(self):
        return (set(self.sext), self.hilo_ok, self.hilo_sext,
                dict(self.ffmt), set(self.fr32))

    def set_state(self, st):
        (self.sext, self.hilo_ok, self.hilo_sext, self.ffmt,
         self.fr32) = (set(st[0]), st[1], st[2], dict(st[3]), set(st[4]))

    @staticmethod
    def merged(a, b):
        """What is known at a point both states can reach."""
        ff = {f: v for f, v in a[3].items() if b[3].get(f) == v}
        return (a[0] & b[0], a[1] and b[1], a[2] and b[2], ff,
                a[4] | b[4])

    def tick(self):
        keep = []
        for p in self.pending:
            p[1] -= 1
            if p[1] <= 0:
                self.out.append("%s:" % p[0])
                self.set_state(self.merged(self.state(), p[2]))
            else:
                keep.append(p)
        self.pending = keep

    # ---- a whole sequence ----
    def sequence(self, k, length):
        self.seq = k
        self.labels = 0
        self.pending = []
        i = 0
        while i < length:
            if self.r.random() < 0.12 and i < length - 2:
                self.branch(length - i - 1)
            else:
                self.straight()
            i += 1
            self.tick()
        for p in self.pending:
            self.out.append("%s:" % p[0])
            self.set_state(self.merged(self.state(), p[2]))
        self.pending = []


def rand_gpr(rng, n64, sext):
    c = rng.random()
    if c < 0.15:
        v = rng.choice([0, 1, -1, 0x7fffffff, -0x80000000, 0x8000, 0xffff])
    elif c < 0.3:
        v = rng.randint(-300, 300)
    else:
        v = rng.getrandbits(64 if (n64 and not sext) else 32)
        if not n64 or sext:
            v = v - (1 << 32) if v & 0x80000000 else v
    return v & ((1 << 64) - 1)


def rand_double(rng):
    c = rng.random()
    if c < 0.1:
        return struct.unpack("<Q", struct.pack("<d", rng.choice(
            [0.0, -0.0, 1.0, -1.0, 0.5, 1e308, -1e-308, float("inf"),
             float("-inf"), 2.0**31, -2.0**63, 4294967296.5])))[0]
    if c < 0.13:
        return 0x7ff7ffffffffffff      # legacy quiet NaN
    if c < 0.15:
        return rng.getrandbits(52) | 1  # denormal
    if c < 0.6:
        return struct.unpack("<Q", struct.pack(
            "<d", rng.uniform(-1e6, 1e6)))[0]
    if c < 0.8:
        return struct.unpack("<Q", struct.pack(
            "<d", float(rng.randint(-100, 100)) / rng.choice([1, 2, 4, 3])))[0]
    return struct.unpack("<Q", struct.pack(
        "<d", rng.uniform(-1, 1) * 10.0 ** rng.randint(-300, 300)))[0]


def rand_single(rng):
    c = rng.random()
    if c < 0.1:
        return struct.unpack("<I", struct.pack("<f", rng.choice(
            [0.0, -0.0, 1.0, -1.0, 0.5, 3e38, float("inf"), 2.0**31])))[0]
    if c < 0.13:
        return 0x7fbfffff
    if c < 0.15:
        return rng.getrandbits(23) | 1
    if c < 0.7:
        return struct.unpack("<I", struct.pack(
            "<f", rng.uniform(-1e4, 1e4)))[0]
    return struct.unpack("<I", struct.pack(
        "<f", rng.uniform(-1, 1) * 10.0 ** rng.randint(-37, 37)))[0]


def rand_int_fmt(rng, bits):
    c = rng.random()
    if c < 0.5:
        v = rng.randint(-1000, 1000)
    else:
        v = rng.getrandbits(bits)
    return v & ((1 << bits) - 1)


def init_fprs(rng, g):
    """Initial FPR contents, as 32 64-bit values, with formats."""
    vals = [0] * 32
    if g.n64:
        for f in range(32):
            fmt = rng.choice("SDDWL")
            if fmt == "D":
                v = rand_double(rng)
            elif fmt == "L":
                v = rand_int_fmt(rng, 64)
            elif fmt == "S":
                v = rand_single(rng) | (rng.getrandbits(32) << 32)
            else:
                v = rand_int_fmt(rng, 32) | (rng.getrandbits(32) << 32)
            vals[f] = v
            g.ffmt[f] = fmt
            # the upper half of S/W registers is loaded explicitly, so
            # it is defined until a 32-bit write
        return vals
    # FR=0: 16 even/odd pairs; the harness loads them with LDC1 on the
    # even register (low word in fN, high word in fN+1)
    for f in range(0, 32, 2):
        if rng.random() < 0.5:
            vals[f] = rand_double(rng)
            g.ffmt[f], g.ffmt[f + 1] = "D", "H"
        else:
            lo = rand_single(rng) if rng.random() < 0.6 else \
                rand_int_fmt(rng, 32)
            hi = rand_single(rng) if rng.random() < 0.6 else \
                rand_int_fmt(rng, 32)
            vals[f] = lo | (hi << 32)
            g.ffmt[f] = "S" if rng.random() < 0.6 else "W"
            g.ffmt[f + 1] = "S" if rng.random() < 0.6 else "W"
    return vals


def gen_sequence(seed, k, n64):
    rng = random.Random("%s:%d" % (seed, k))
    g = Gen(rng, n64)
    gprs = [0] * 32
    for r in GPRS:
        sext = not n64 or rng.random() < 0.5
        gprs[r] = rand_gpr(rng, n64, sext)
        if sext:
            g.sext.add(r)
    hi = rand_gpr(rng, n64, True)
    lo = rand_gpr(rng, n64, True)
    fprs = init_fprs(rng, g)
    fcsr = rng.randrange(4) | (rng.randrange(32) << 2) | \
        (rng.randrange(2) << 23) | (rng.randrange(128) << 25)
    mem = bytes(rng.getrandbits(8) for _ in range(SCRATCH))
    length = rng.randint(20, 60)
    g.sequence(k, length)
    # FR=1: FPRs last written with a 32-bit value get a defined upper half
    tail = []
    for f in sorted(g.fr32):
        tail.append("\tmthc1\t$0, $f%d" % f)
    if not g.hilo_ok:
        tail.append("\tmthi\t$0")
        tail.append("\tmtlo\t$0")
    return gprs, hi, lo, fprs, fcsr, mem, g.out + tail


def emit_file(seed, count, n64, out, only=None):
    w = out.write
    ld, word = ("ld", 8) if n64 else ("lw", 4)
    la = "dla" if n64 else "la"
    dword = ".dword" if n64 else ".word"
    w("/* generated by tests/diff/gen.py --seed %s --count %d --abi %s */\n"
      % (seed, count, "n64" if n64 else "o32"))
    w("\t.option\tpic0\n")
    w("\t.set\tnoreorder\n\t.set\tnoat\n\t.set\tnomacro\n")
    w("\t.set\thardfloat\n")
    w("\t.text\n")
    tables = []
    for k in range(count):
        gprs, hi, lo, fprs, fcsr, mem, body = gen_sequence(
            seed, k if only is None else only, n64)
        tables.append((gprs, hi, lo, fprs, fcsr, mem))
        w("\n\t.globl\tseq_%d\n\t.ent\tseq_%d\nseq_%d:\n" % (k, k, k))
        # the harness has set $30 = scratch and $31 = this sequence's
        # initial-state table; load HI/LO/FCSR/FPRs through $1 first
        w("\t%s\t$1, %d($31)\n\tmthi\t$1\n" % (ld, 32 * word))
        w("\t%s\t$1, %d($31)\n\tmtlo\t$1\n" % (ld, 33 * word))
        w("\tlw\t$1, %d($31)\n\tctc1\t$1, $31\n" % (34 * word))
        for f in range(0, 32, 1 if n64 else 2):
            w("\tldc1\t$f%d, %d($31)\n" % (f, 36 * word + 8 * f))
        for r in GPRS:
            if r != 31:
                w("\t%s\t$%d, %d($31)\n" % (ld, r, r * word))
        w("\t%s\t$31, %d($31)\n" % (ld, 31 * word))
        w("\t.set\tmacro\n")
        for line in body:
            w(line + "\n")
        w("\t.set\tnomacro\n")
        w("\tj\tdiff_dump\n\tnop\n\t.end\tseq_%d\n" % k)
    w("\n\t.rdata\n\t.align\t3\n\t.globl\tdiff_init\ndiff_init:\n")
    for k in range(count):
        w("\t%s\tinit_%d\n" % (dword, k))
    w("\t.globl\tdiff_entry\ndiff_entry:\n")
    for k in range(count):
        w("\t%s\tseq_%d\n" % (dword, k))
    w("\t.globl\tdiff_nseq\ndiff_nseq:\n\t.word\t%d\n" % count)
    for k, (gprs, hi, lo, fprs, fcsr, mem) in enumerate(tables):
        w("\t.align\t3\ninit_%d:\n" % k)
        vals = gprs + [hi, lo]
        for v in vals:
            w("\t%s\t0x%x\n" % (dword, v if n64 else v & 0xffffffff))
        w("\t.word\t0x%x\n\t.word\t0\n" % fcsr)
        if n64:
            w("\t.dword\t0\n")   # FPRs start at 36 words
        for v in fprs:
            w("\t.dword\t0x%x\n" % v)
        w("\t.byte\t" + ",".join("%d" % b for b in mem) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", required=True)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--abi", choices=["o32", "n64"], required=True)
    ap.add_argument("--only", type=int, default=None,
                    help="emit just sequence ONLY of the seed (as seq_0)")
    a = ap.parse_args()
    emit_file(a.seed, 1 if a.only is not None else a.count,
              a.abi == "n64", sys.stdout, a.only)


if __name__ == "__main__":
    main()
