# hipmech_set_warnings(target): the project's warning set on one of its own targets.
# Applied per target (never globally) and only while building hipmech itself, so that
# consumers never inherit it; errors only with HIPMECH_WERROR (on in CI).
function(hipmech_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE
      -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
      -Wold-style-cast -Woverloaded-virtual -Wdouble-promotion
      -Wimplicit-fallthrough
      $<$<BOOL:${HIPMECH_WERROR}>:-Werror>)
  elseif(MSVC)
    target_compile_options(${target} PRIVATE /W4 /permissive- $<$<BOOL:${HIPMECH_WERROR}>:/WX>)
  endif()
endfunction()
