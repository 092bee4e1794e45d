# MinGW-w64's GNU ld needs over 30 s for the unity build's object (tens of thousands of COMDAT
# sections) and ignores -fuse-ld; lld links the same objects against the same MinGW-w64 runtime
# (libstdc++, libgcc, winpthreads) in under a second, through clang's MinGW driver.
execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-libgcc-file-name
  OUTPUT_VARIABLE _genauth_libgcc OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
get_filename_component(_genauth_gcc_lib_dir "${_genauth_libgcc}" DIRECTORY)
set(CMAKE_CXX_LINK_EXECUTABLE "clang++ --target=x86_64-w64-mingw32 -fuse-ld=lld -L${_genauth_gcc_lib_dir} \
<FLAGS> <CMAKE_CXX_LINK_FLAGS> <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES> -lwinpthread")
