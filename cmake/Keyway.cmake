# Helpers shared by every library, service and test of the build.

# A Catch2 unit test: fast, pure, no servers.
function(keyway_unit_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE Catch2::Catch2WithMain ${ARG_LIBS})
  # `-w NoTests`: a test name that matches nothing (CMake splits names at ";") fails.
  catch_discover_tests(${name} TEST_PREFIX "${name}: " EXTRA_ARGS -w NoTests PROPERTIES LABELS unit)
endfunction()

# A Catch2 integration test: gets the private PostgreSQL and Redis that the
# `testenv` fixture starts (see tests/CMakeLists.txt) through KEYWAY_TESTENV.
function(keyway_integration_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE Catch2::Catch2WithMain keyway_testing ${ARG_LIBS})
  catch_discover_tests(${name} TEST_PREFIX "${name}: " EXTRA_ARGS -w NoTests
    PROPERTIES LABELS integration FIXTURES_REQUIRED testenv
               ENVIRONMENT "KEYWAY_TESTENV=${KEYWAY_TESTENV_FILE}")
endfunction()

# Compiles the numbered migrations `migrations/VNNN__name.sql` of a service into
# its library, so that a binary carries its own schema. Defines
# `std::span<const keyway::pg::Migration> <function>()`.
function(keyway_embed_migrations target function dir)
  file(GLOB sql_files CONFIGURE_DEPENDS "${dir}/V*__*.sql")
  list(SORT sql_files)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${function}.cc")
  set(body "// Generated from ${dir}: do not edit.\n#include \"keyway/pg/migrate.h\"\n\nnamespace {\nconst keyway::pg::Migration kMigrations[] = {\n")
  foreach(f IN LISTS sql_files)
    get_filename_component(base "${f}" NAME_WE)
    string(REGEX MATCH "^V([0-9]+)__(.+)$" _ "${base}")
    if(NOT CMAKE_MATCH_1)
      message(FATAL_ERROR "migration ${f} is not named VNNN__name.sql")
    endif()
    math(EXPR version "${CMAKE_MATCH_1}")
    file(READ "${f}" sql)
    # Re-run CMake when a migration's content changes, not only the file list.
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${f}")
    string(APPEND body "  {${version}, \"${CMAKE_MATCH_2}\", R\"kwsql(${sql})kwsql\"},\n")
  endforeach()
  string(APPEND body "};\n}  // namespace\n\nstd::span<const keyway::pg::Migration> ${function}() { return kMigrations; }\n")
  file(CONFIGURE OUTPUT "${out}" CONTENT "${body}" @ONLY)
  target_sources(${target} PRIVATE "${out}")
endfunction()
