/* Calling the SGI ARCS firmware from a freestanding 32-bit big-endian
 * program: the SPB at KSEG1 0xa0001000, the firmware vector it points to
 * (SGI-FACTS 3 c.1/c.2). */
#ifndef ARCS_GUEST_H
#define ARCS_GUEST_H

typedef unsigned int u32;
typedef int s32;
typedef unsigned short u16;
typedef unsigned char u8;

#define SPB ((volatile u32 *)0xa0001000)
#define ARCS_FV ((u32 *)SPB[8])

enum {
	FV_LOAD, FV_INVOKE, FV_EXECUTE, FV_HALT, FV_POWERDOWN, FV_RESTART,
	FV_REBOOT, FV_IMODE, FV_UNUSED1, FV_GETPEER, FV_GETCHILD,
	FV_GETPARENT, FV_GETCONFIGDATA, FV_ADDCHILD, FV_DELETECOMP,
	FV_GETCOMPONENT, FV_SAVECONFIG, FV_GETSYSID, FV_GETMEMDESC,
	FV_UNUSED2, FV_GETTIME, FV_GETRELTIME, FV_GETDIRENT, FV_OPEN,
	FV_CLOSE, FV_READ, FV_GETREADSTATUS, FV_WRITE, FV_SEEK, FV_MOUNT,
	FV_GETENV, FV_SETENV, FV_GETFILEINFO, FV_SETFILEINFO, FV_FLUSHCACHES,
	FV_TESTUNICODE, FV_GETDISPLAYSTATUS,
};

typedef s32 (*arcs_fn0)(void);
typedef s32 (*arcs_fn1)(u32);
typedef s32 (*arcs_fn2)(u32, u32);
typedef s32 (*arcs_fn3)(u32, u32, u32);
typedef s32 (*arcs_fn4)(u32, u32, u32, u32);

#define ARCS0(n) (((arcs_fn0)ARCS_FV[n])())
#define ARCS1(n, a) (((arcs_fn1)ARCS_FV[n])((u32)(a)))
#define ARCS2(n, a, b) (((arcs_fn2)ARCS_FV[n])((u32)(a), (u32)(b)))
#define ARCS3(n, a, b, c) \
	(((arcs_fn3)ARCS_FV[n])((u32)(a), (u32)(b), (u32)(c)))
#define ARCS4(n, a, b, c, d) \
	(((arcs_fn4)ARCS_FV[n])((u32)(a), (u32)(b), (u32)(c), (u32)(d)))

struct arcs_component {
	u32 class, type, flags;
	u16 version, revision;
	u32 key, affinity, cdsize, ilen, ident;
};

struct arcs_mdesc {
	u32 type, base, pages;
};

#endif
