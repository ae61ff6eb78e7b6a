// Catch2 entry point of the native test suite (mf_tests).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
