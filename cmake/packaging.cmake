# CPack: `cpack -G TGZ` or `-G DEB` in a build folder packs one archive or Debian package per
# component: headers (the SDK), and the emulator and the CLI when they are built.

set(CPACK_PACKAGE_NAME genauth)
set(CPACK_PACKAGE_VENDOR "genauth-cpp")
set(CPACK_PACKAGE_CONTACT "genauth-cpp maintainers <genauth-cpp@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_ARCHIVE_COMPONENT_INSTALL ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)

set(CPACK_COMPONENTS_ALL headers)
set(CPACK_DEBIAN_HEADERS_PACKAGE_NAME libgenauth-dev)
set(CPACK_DEBIAN_HEADERS_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_HEADERS_PACKAGE_DEPENDS "libboost1.81-dev, libboost-json1.81-dev")
set(CPACK_DEBIAN_HEADERS_PACKAGE_SUGGESTS "libcurl4-openssl-dev, libssl-dev")
if(TARGET genauth-emulator)
  list(APPEND CPACK_COMPONENTS_ALL emulator)
  set(CPACK_DEBIAN_EMULATOR_PACKAGE_NAME genauth-emulator)
  set(CPACK_DEBIAN_EMULATOR_PACKAGE_DEPENDS "libboost-json1.81.0, libqrencode4")
endif()
if(TARGET genauth-mfa)
  list(APPEND CPACK_COMPONENTS_ALL cli)
  set(CPACK_DEBIAN_CLI_PACKAGE_NAME genauth-mfa)
  set(CPACK_DEBIAN_CLI_PACKAGE_DEPENDS "libboost-json1.81.0, libqrencode4, libcurl4")
endif()

include(CPack)
