# Configures, builds and runs the consumer project in GENAUTH_CONSUME mode, in WORK_DIR:
#   install       no consumer: installs the SDK into PREFIX, for the next two modes
#   package       find_package after that install (GENAUTH_COMPONENTS, GENAUTH_REQUEST_VERSION;
#                 with EXPECT_NOT_FOUND, configuring must fail to find a compatible genauth)
#   subdirectory  add_subdirectory
#   fetchcontent  FetchContent
#   pkgconfig     the compiler alone with what `pkg-config --cflags --libs genauth` says of PREFIX
#   tgz           the headers archive `cpack -G TGZ` makes of BUILD_DIR, unpacked, then find_package
#   deb           the same with `cpack -G DEB` and the libgenauth-dev package
# For tgz and deb, TOOLS lists the program components (emulator, cli) that must be packed too.
# An install configures the SDK alone as a user installing it would: neither doctest nor Python
# may be needed for that.
function(step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}")
  endif()
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
string(REPLACE "," ";" TOOLS "${TOOLS}")
set(consumer_args "")
if(GENAUTH_CONSUME STREQUAL "install")
  file(REMOVE_RECURSE ${PREFIX})
  step(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/sdk -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
       -DGENAUTH_BUILD_EXAMPLES=OFF -DCMAKE_DISABLE_FIND_PACKAGE_doctest=ON
       -DCMAKE_DISABLE_FIND_PACKAGE_Python3=ON)
  step(${CMAKE_COMMAND} --install ${WORK_DIR}/sdk --prefix ${PREFIX})
  message(STATUS "installed into ${PREFIX}")
  return()
elseif(GENAUTH_CONSUME STREQUAL "pkgconfig")
  execute_process(COMMAND ${CMAKE_COMMAND} -E env PKG_CONFIG_PATH=${PREFIX}/share/pkgconfig
                    pkg-config --cflags --libs genauth
                  RESULT_VARIABLE rc OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pkg-config does not know genauth")
  endif()
  separate_arguments(flags UNIX_COMMAND "${flags}")
  step(${CXX_COMPILER} -std=c++20 ${SOURCE_DIR}/tests/package/consumer.cpp ${flags} -o ${WORK_DIR}/consumer)
  step(${WORK_DIR}/consumer)
  message(STATUS "consumer via pkg-config (${flags}): ok")
  return()
elseif(GENAUTH_CONSUME STREQUAL "package")
  set(consumer_args -DCMAKE_PREFIX_PATH=${PREFIX} "-DGENAUTH_COMPONENTS=${GENAUTH_COMPONENTS}"
      -DGENAUTH_REQUEST_VERSION=${GENAUTH_REQUEST_VERSION})
elseif(GENAUTH_CONSUME STREQUAL "tgz")
  step(cpack -G TGZ -B ${WORK_DIR}/archives --config ${BUILD_DIR}/CPackConfig.cmake)
  file(GLOB archive ${WORK_DIR}/archives/genauth-*-headers.tar.gz)
  if(NOT archive)
    message(FATAL_ERROR "cpack made no headers archive")
  endif()
  # The archive holds include/ and share/ at its top: unpacked into a prefix, as `tar -C` would.
  file(ARCHIVE_EXTRACT INPUT ${archive} DESTINATION ${WORK_DIR}/unpacked)
  set(prefix ${WORK_DIR}/unpacked)
  foreach(tool IN LISTS TOOLS)
    file(GLOB archive ${WORK_DIR}/archives/genauth-*-${tool}.tar.gz)
    if(NOT archive)
      message(FATAL_ERROR "cpack made no ${tool} archive")
    endif()
  endforeach()
  set(consumer_args -DCMAKE_PREFIX_PATH=${prefix})
  set(GENAUTH_CONSUME package)
elseif(GENAUTH_CONSUME STREQUAL "deb")
  step(cpack -G DEB -B ${WORK_DIR}/debs --config ${BUILD_DIR}/CPackConfig.cmake)
  file(GLOB deb ${WORK_DIR}/debs/libgenauth-dev_*_all.deb)
  if(NOT deb)
    message(FATAL_ERROR "cpack made no libgenauth-dev package")
  endif()
  execute_process(COMMAND dpkg-deb --field ${deb} Depends OUTPUT_VARIABLE depends)
  if(NOT depends MATCHES "libboost-json1.81-dev")
    message(FATAL_ERROR "libgenauth-dev does not depend on Boost.JSON: ${depends}")
  endif()
  foreach(package IN LISTS TOOLS)
    file(GLOB found ${WORK_DIR}/debs/${package}_*.deb)
    if(NOT found)
      message(FATAL_ERROR "cpack made no ${package} package")
    endif()
  endforeach()
  step(dpkg-deb -x ${deb} ${WORK_DIR}/root)
  set(consumer_args -DCMAKE_PREFIX_PATH=${WORK_DIR}/root/usr)
  set(GENAUTH_CONSUME package)
endif()

execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/package -B ${WORK_DIR}/build
                  -DGENAUTH_CONSUME=${GENAUTH_CONSUME} -DGENAUTH_SOURCE_DIR=${SOURCE_DIR}
                  -DCMAKE_CXX_COMPILER=${CXX_COMPILER} ${consumer_args}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(EXPECT_NOT_FOUND)
  if(rc EQUAL 0 OR NOT out MATCHES "compatible with requested version \"${GENAUTH_REQUEST_VERSION}\"")
    message(FATAL_ERROR "find_package(genauth ${GENAUTH_REQUEST_VERSION}) should have failed:\n${out}")
  endif()
  message(STATUS "find_package(genauth ${GENAUTH_REQUEST_VERSION}) fails, as it should")
  return()
elseif(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the consumer failed:\n${out}")
endif()
step(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
step(${WORK_DIR}/build/consumer)
message(STATUS "consumer via ${GENAUTH_CONSUME}: ok")
