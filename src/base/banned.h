/* banned.h: functions that are easy to misuse; including this header after the system
 * headers turns any use of them into a compile error (git's banned.h). */
#ifndef HB_BANNED_H
#define HB_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef rand
#define rand() BANNED(rand)
#undef srand
#define srand(x) BANNED(srand)

#endif
