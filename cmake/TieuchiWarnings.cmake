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

add_library(tieuchi_sanitizers INTERFACE)
if(TIEUCHI_SANITIZE)
  target_compile_options(tieuchi_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(tieuchi_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
