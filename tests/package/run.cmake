# Configures, builds and runs the consumer project in GENAUTH_CONSUME mode, in WORK_DIR.
# For `package`, first configures the SDK alone as a user installing it would (neither doctest nor
# Python may be needed for that) and installs it into a prefix.
function(step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}")
  endif()
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
set(prefix_args "")
if(GENAUTH_CONSUME STREQUAL "pkgconfig")
  # Installed as above, then built with the compiler alone and what pkg-config says.
  step(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/sdk -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
       -DGENAUTH_BUILD_EXAMPLES=OFF)
  step(${CMAKE_COMMAND} --install ${WORK_DIR}/sdk --prefix ${WORK_DIR}/prefix)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env PKG_CONFIG_PATH=${WORK_DIR}/prefix/share/pkgconfig
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
endif()
if(GENAUTH_CONSUME STREQUAL "package")
  step(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/sdk -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
       -DGENAUTH_BUILD_EXAMPLES=OFF -DCMAKE_DISABLE_FIND_PACKAGE_doctest=ON
       -DCMAKE_DISABLE_FIND_PACKAGE_Python3=ON)
  step(${CMAKE_COMMAND} --install ${WORK_DIR}/sdk --prefix ${WORK_DIR}/prefix)
  set(prefix_args -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)
endif()
step(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/package -B ${WORK_DIR}/build -DGENAUTH_CONSUME=${GENAUTH_CONSUME}
     -DGENAUTH_SOURCE_DIR=${SOURCE_DIR} -DCMAKE_CXX_COMPILER=${CXX_COMPILER} ${prefix_args})
step(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
step(${WORK_DIR}/build/consumer)
message(STATUS "consumer via ${GENAUTH_CONSUME}: ok")
