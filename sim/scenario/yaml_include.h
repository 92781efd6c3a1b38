// yaml-cpp, included with GCC 12's false -Wdangling-pointer warnings on its node/impl.h
// switched off (its inline accessors trip the middle end's analysis; the code is correct).
#pragma once

#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdangling-pointer"
#endif
#include <yaml-cpp/yaml.h>
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
#pragma GCC diagnostic pop
#endif
