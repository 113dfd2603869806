include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(TIEUCHI_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/tieuchi")

install(TARGETS tieuchi EXPORT tieuchi-targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# (version.hpp.in is the template of the generated version.hpp, installed from the build tree.)
install(DIRECTORY include/tieuchi DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} PATTERN "*.in" EXCLUDE)
install(DIRECTORY ${PROJECT_BINARY_DIR}/include/tieuchi DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# The built-in packs, found by id through TIEUCHI_INSTALL_PACK_DIR.
install(DIRECTORY data/packs/ DESTINATION ${CMAKE_INSTALL_DATADIR}/tieuchi/packs
  FILES_MATCHING PATTERN "*.yaml" PATTERN "*.md")
if(TIEUCHI_BUILD_CLI)
  install(TARGETS tieuchi_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(EXPORT tieuchi-targets NAMESPACE tieuchi:: DESTINATION ${TIEUCHI_CMAKE_DIR})

configure_package_config_file(cmake/tieuchiConfig.cmake.in
  ${PROJECT_BINARY_DIR}/tieuchiConfig.cmake INSTALL_DESTINATION ${TIEUCHI_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/tieuchiConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/tieuchiConfig.cmake ${PROJECT_BINARY_DIR}/tieuchiConfigVersion.cmake
  DESTINATION ${TIEUCHI_CMAKE_DIR})

# The build tree is a package too (fmt does the same).
export(EXPORT tieuchi-targets NAMESPACE tieuchi:: FILE ${PROJECT_BINARY_DIR}/tieuchi-targets.cmake)
