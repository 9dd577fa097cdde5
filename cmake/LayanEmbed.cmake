# Embeds files into the binary as a generated C++ source: a table of
# { path, bytes, content type } that the module reads through its own header.
#
# layan_embed(TARGET target NAMESPACE ns FUNCTION fn BASE_DIR dir FILES f1 f2 ...)
# generates `std::span<const layan::core::EmbeddedFile> ns::fn()`.
function(layan_embed)
  cmake_parse_arguments(ARG "" "TARGET;NAMESPACE;FUNCTION;BASE_DIR" "FILES" ${ARGN})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${ARG_FUNCTION}_embedded.cc")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAMESPACE=${ARG_NAMESPACE} -DFUNCTION=${ARG_FUNCTION}
            -DBASE_DIR=${ARG_BASE_DIR} "-DFILES=${ARG_FILES}"
            -P "${PROJECT_SOURCE_DIR}/cmake/LayanEmbedGenerate.cmake"
    DEPENDS ${ARG_FILES} "${PROJECT_SOURCE_DIR}/cmake/LayanEmbedGenerate.cmake"
    COMMENT "Embedding ${ARG_FUNCTION}"
    VERBATIM)
  target_sources(${ARG_TARGET} PRIVATE "${out}")
endfunction()
