# Fuzz targets: every parser of untrusted bytes has one, beside its unit tests.
#
# A target is a file defining LLVMFuzzerTestOneInput. In the fuzz build
# (-DKEYWAY_FUZZ=ON with clang; tools/fuzz makes it in build-fuzz/) it becomes
# `fuzz_<name>`, a libFuzzer binary under AddressSanitizer and UBSan. In the
# normal build the same code is linked with a small driver that feeds it each
# file of its seed corpus, as a unit test: the seeds never crash, and the
# target always compiles.
option(KEYWAY_FUZZ "build libFuzzer targets (clang only) instead of seed tests" OFF)

if(KEYWAY_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "KEYWAY_FUZZ needs clang (CXX=clang++-14); tools/fuzz sets it")
  endif()
  set(KEYWAY_SANITIZERS -fsanitize=address,undefined -fno-sanitize-recover=all
      -fno-omit-frame-pointer)
  add_compile_options(${KEYWAY_SANITIZERS} -fsanitize=fuzzer-no-link)
  add_link_options(${KEYWAY_SANITIZERS})
  add_custom_target(fuzz_all)
endif()

# keyway_fuzz_target(name LIBS lib ...): the target is fuzz/<name>_fuzz.cc
# and its seeds are fuzz/corpus/<name>/, beside the code it fuzzes (tools/fuzz
# finds them by that layout).
function(keyway_fuzz_target name)
  cmake_parse_arguments(ARG "" "" "LIBS" ${ARGN})
  set(source ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/${name}_fuzz.cc)
  set(corpus ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${name})
  if(KEYWAY_FUZZ)
    add_executable(fuzz_${name} ${source})
    target_link_libraries(fuzz_${name} PRIVATE ${ARG_LIBS})
    target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
    set_target_properties(fuzz_${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
    add_dependencies(fuzz_all fuzz_${name})
  else()
    add_executable(fuzz_${name}_seeds ${source} ${PROJECT_SOURCE_DIR}/libs/testing/src/fuzz_seed_main.cc)
    target_link_libraries(fuzz_${name}_seeds PRIVATE ${ARG_LIBS})
    add_test(NAME "fuzz seeds: ${name}" COMMAND fuzz_${name}_seeds ${corpus})
    set_tests_properties("fuzz seeds: ${name}" PROPERTIES LABELS unit)
  endif()
endfunction()
