# Private, unexported interface target that carries the warning flags.
add_library(tieuchi_warnings INTERFACE)
target_compile_options(tieuchi_warnings INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wimplicit-fallthrough
    # Designated initializers that leave defaulted members out are the intended style.
    -Wno-missing-field-initializers>
  # GCC 12 reports false positives for std::string at -O3 (GCC bug 105329).
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
if(TIEUCHI_WERROR)
  target_compile_options(tieuchi_warnings INTERFACE $<$<CXX_COMPILER_ID:GNU,Clang>:-Werror>)
endif()

# Sanitizers apply to everything built in this tree (library, tests, examples), so that every
# executable links the runtimes the library was compiled against.
if(TIEUCHI_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
if(TIEUCHI_FUZZ)
  # Everything instrumented for coverage and sanitized; the fuzz executables add the driver.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
if(TIEUCHI_SANITIZE_THREAD)
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()
