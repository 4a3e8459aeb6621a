/* version.h — the one place the version lives (the Makefile reads it too). */
#ifndef CLUDE_VERSION_H
#define CLUDE_VERSION_H
#define CLUDE_VERSION "0.1.0"
#endif
