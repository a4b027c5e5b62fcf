/* printf/strtod of floats and libm: exercises the FPU (and, for n64's
 * 128-bit long double, glibc's soft-float integer code). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static volatile double vd = 1.0 / 3.0;
static volatile float vf = 2.5f;

int main(void)
{
	double x = vd, acc = 0;
	long double ld = 1.0L / 7;

	printf("%.17g %.9g %e %a\n", x, (double)vf, x * 1e300, x);
	printf("%f %g %.3f %.0f\n", 3.14159265358979, 1e-10, -2.0005, 2.5);
	printf("%.17g %.17g %.17g\n", sqrt(2.0), sin(1.0), exp(1.0));
	printf("%.9g %.9g\n", (double)sqrtf(vf), (double)logf(vf));
	printf("%.17g %.17g\n", strtod("1e-310", NULL), strtod("0x1p-3", 0));
	printf("%.17g %.17g %d\n", pow(2, 0.5), atan2(1, -1), (int)floor(-2.5));
	printf("%.20Lg\n", ld * 3);
	for (int i = 1; i <= 1000; i++)
		acc += 1.0 / ((double)i * i);
	printf("%.17g %ld %lld\n", acc, lround(acc * 1e6), llrint(-acc * 1e9));
	printf("%g %g %g\n", 1.0 / (vd - vd), -1.0 / (vd - vd),
	       (vd - vd) / (vd - vd) != 0 ? 1.0 : 0.0);
	printf("%.17g %.9g\n", fma(x, x, -x), (double)(vf * vf - 6.25f));
	return 0;
}
