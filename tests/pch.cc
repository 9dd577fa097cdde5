// The source of layan_test_pch (tests/CMakeLists.txt): it only carries the precompiled header that every
// test executable reuses.
