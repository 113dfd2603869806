# Installs tieuchi from BINARY_DIR into a fresh prefix, then configures, builds and runs two
# consumer projects against it with find_package(tieuchi CONFIG REQUIRED): examples/cpp/consumer
# and tests/packaging/api_consumer (exceptions caught by type across the library boundary, a pack
# loaded and assessed).
#
# With LIBRARY_TYPE=SHARED or STATIC, the library is first configured and built on its own in
# LIBRARY_DIR (library target only: no tests, CLI or examples), as a shared or static library,
# and that build is installed instead of BINARY_DIR. LIBRARY_DIR is kept between runs, so a run
# rebuilds only what changed. For a shared library the script also checks that the consumers
# load libtieuchi.so and that the library exports the API and nothing internal.
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
if(NOT CONFIG)
  set(CONFIG Release)
endif()
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "command failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

if(LIBRARY_TYPE)
  if(LIBRARY_TYPE STREQUAL "SHARED")
    set(shared ON)
  else()
    set(shared OFF)
  endif()
  # Built without optimisation: this build checks how the library is packaged (symbols exported,
  # targets found, consumers linked and run), not its speed, and -O0 compiles it in about two
  # thirds of the time of -O3 (the longest test of the suite on a cold cache).
  string(TOUPPER "${CONFIG}" config_upper)
  set(options -DBUILD_SHARED_LIBS=${shared} -DCMAKE_BUILD_TYPE=${CONFIG} -DTIEUCHI_WERROR=${WERROR}
      "-DCMAKE_CXX_FLAGS_${config_upper}=-O0 -DNDEBUG"
      -DTIEUCHI_BUILD_TESTS=OFF -DTIEUCHI_BUILD_CLI=OFF -DTIEUCHI_BUILD_EXAMPLES=OFF
      -DTIEUCHI_BUILD_BENCHMARKS=OFF -DTIEUCHI_BUILD_PYTHON=OFF -DTIEUCHI_INSTALL=ON)
  if(CXX_COMPILER)
    list(APPEND options -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
  endif()
  if(CXX_COMPILER_LAUNCHER)
    list(APPEND options -DCMAKE_CXX_COMPILER_LAUNCHER=${CXX_COMPILER_LAUNCHER})
  endif()
  run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${LIBRARY_DIR} -G ${GENERATOR} ${options})
  # Two jobs at most: the machine's cores are shared with the rest of the suite.
  run(${CMAKE_COMMAND} --build ${LIBRARY_DIR} --config ${CONFIG} --target tieuchi --parallel 2)
  set(BINARY_DIR ${LIBRARY_DIR})
endif()

run(${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${prefix} --config ${CONFIG})

set(pack ${SOURCE_DIR}/data/packs/vn-ntm-2021-2025.yaml)
foreach(consumer consumer api_consumer)
  if(consumer STREQUAL "consumer")
    set(src ${SOURCE_DIR}/examples/cpp/consumer)
  else()
    set(src ${SOURCE_DIR}/tests/packaging/api_consumer)
  endif()
  run(${CMAKE_COMMAND} -S ${src} -B ${WORK_DIR}/${consumer} -G ${GENERATOR}
      -DCMAKE_BUILD_TYPE=${CONFIG} -DCMAKE_PREFIX_PATH=${prefix})
  run(${CMAKE_COMMAND} --build ${WORK_DIR}/${consumer} --config ${CONFIG})
endforeach()

run(${WORK_DIR}/consumer/consumer)
string(FIND "${last_output}" "irrigated_share >= 80%: unmet" found)
if(found EQUAL -1)
  message(FATAL_ERROR "consumer output unexpected:\n${last_output}")
endif()
message(STATUS "consumer ran:\n${last_output}")

run(${WORK_DIR}/api_consumer/api_consumer ${pack})
foreach(expected "caught ParseError E1" "pack vn-ntm-2021-2025: 19 criteria" "caught DataError E506")
  string(FIND "${last_output}" "${expected}" found)
  if(found EQUAL -1)
    message(FATAL_ERROR "api_consumer output lacks '${expected}':\n${last_output}")
  endif()
endforeach()
message(STATUS "api_consumer ran:\n${last_output}")

# Which library the consumers got.
file(GLOB shared_libs ${prefix}/${LIBDIR}/libtieuchi.so*)
file(GLOB static_libs ${prefix}/${LIBDIR}/libtieuchi.a)
if(shared_libs AND static_libs)
  message(FATAL_ERROR "both libtieuchi.so and libtieuchi.a were installed")
endif()
if(shared_libs)
  file(GET_RUNTIME_DEPENDENCIES
    EXECUTABLES ${WORK_DIR}/consumer/consumer ${WORK_DIR}/api_consumer/api_consumer
    RESOLVED_DEPENDENCIES_VAR deps
    UNRESOLVED_DEPENDENCIES_VAR unresolved
    DIRECTORIES ${prefix}/${LIBDIR})
  set(loads_prefix_lib OFF)
  foreach(dep ${deps})
    if(dep MATCHES "^${prefix}/${LIBDIR}/libtieuchi\\.so")
      set(loads_prefix_lib ON)
    endif()
  endforeach()
  if(NOT loads_prefix_lib)
    message(FATAL_ERROR "the consumers do not load ${prefix}/${LIBDIR}/libtieuchi.so: ${deps} (unresolved: ${unresolved})")
  endif()
  # The API is exported (TIEUCHI_API), the rest stays hidden (CMAKE_CXX_VISIBILITY_PRESET hidden).
  if(NM)
    list(GET shared_libs 0 lib)
    run(${NM} -DC --defined-only ${lib})
    set(symbols "${last_output}")
    foreach(api "tieuchi::version()" "tieuchi::io::load_pack(" "typeinfo for tieuchi::DataError"
                "tieuchi::io::parse_horizon(")
      string(FIND "${symbols}" "${api}" found)
      if(found EQUAL -1)
        message(FATAL_ERROR "${lib} does not export ${api}")
      endif()
    endforeach()
    foreach(internal "tieuchi::detail::" "(anonymous namespace)")
      string(FIND "${symbols}" "${internal}" found)
      if(NOT found EQUAL -1)
        message(FATAL_ERROR "${lib} exports internal symbols (${internal})")
      endif()
    endforeach()
  endif()
  message(STATUS "shared library: the consumers load ${prefix}/${LIBDIR}/libtieuchi.so; the API is exported, internals hidden")
elseif(static_libs)
  message(STATUS "static library: ${static_libs}")
else()
  message(FATAL_ERROR "no libtieuchi installed in ${prefix}/${LIBDIR}")
endif()
