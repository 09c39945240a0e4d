/* fuzz: what the fuzz targets share (fuzz/README in the top README's "Fuzzing" section).
 *
 * Each fuzz_NAME.c defines LLVMFuzzerTestOneInput() for one parser of outside input.  It is
 * linked either with libFuzzer (-Dfuzz=true, clang) or with replay_main.c, which feeds it
 * every file of fuzz/corpus/NAME and fuzz/crashers/NAME (the fuzz-replay test suite). */
#ifndef HB_FUZZ_H
#define HB_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The source tree (for the fixtures under tests/data and schemas/), from the build. */
#ifndef FUZZ_SRC_ROOT
#error "FUZZ_SRC_ROOT comes from fuzz/meson.build"
#endif

/* A private folder for this process (under /dev/shm when writable, else /tmp), created on
 * first use and removed at exit. */
const char *fuzz_dir(void);
/* Writes data to fuzz_dir()/name and returns its path (owned by the caller). */
char *fuzz_write(const char *name, const void *data, size_t size);
/* A NUL-terminated copy of the input (free it). */
char *fuzz_str(const uint8_t *data, size_t size);
/* Quiet the modules' messages (errors are expected on almost every input). */
void fuzz_quiet(void);

#endif
