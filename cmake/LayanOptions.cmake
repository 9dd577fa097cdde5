# Compiler options carried by INTERFACE targets, so each module opts in by linking.

add_library(layan_options INTERFACE)
target_compile_options(layan_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
if(LAYAN_WARNINGS_AS_ERRORS)
  target_compile_options(layan_options INTERFACE -Werror)
endif()
# Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
target_compile_definitions(layan_options INTERFACE
  BOOST_ASIO_NO_DEPRECATED BOOST_BEAST_USE_STD_STRING_VIEW
  LAYAN_VERSION="${PROJECT_VERSION}")

if(LAYAN_SANITIZE_ADDRESS)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
if(LAYAN_SANITIZE_THREAD)
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()

# A module library: one STATIC library per folder of src/layan, named layan_<module>.
function(layan_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(layan_${name} STATIC ${ARG_SOURCES})
  target_include_directories(layan_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(layan_${name} PUBLIC ${ARG_DEPS} PRIVATE layan_options ${ARG_PRIVATE_DEPS})
endfunction()
