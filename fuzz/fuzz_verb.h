/* fuzz_verb: the verbalizer exercise shared by fuzz_verbalize.c and fuzz_template.c. */
#ifndef HB_FUZZ_VERB_H
#define HB_FUZZ_VERB_H

struct verbalizer;
void fuzz_exercise_verbalizer(struct verbalizer *v);

#endif
