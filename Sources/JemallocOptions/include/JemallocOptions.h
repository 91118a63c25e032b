#ifndef JEMALLOC_OPTIONS_H
#define JEMALLOC_OPTIONS_H

/// The options the bench process's jemalloc starts with (see JemallocOptions.c).
extern const char *malloc_conf;

#endif
