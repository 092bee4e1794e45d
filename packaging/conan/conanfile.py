# Conan 2 recipe for genauth-cpp: a header-only library; the libcurl transport is an option.
from conan import ConanFile
from conan.tools.build import check_min_cppstd
from conan.tools.cmake import CMake, CMakeToolchain, cmake_layout
from conan.tools.files import copy
import os


class GenauthConan(ConanFile):
    name = "genauth"
    version = "0.1.0"
    description = "Header-only C++20 SDK for the GenAuth V3 MFA API"
    license = "BSL-1.0"
    url = "https://github.com/genauth-cpp/genauth-cpp"
    homepage = "https://github.com/genauth-cpp/genauth-cpp"
    topics = ("genauth", "authing", "mfa", "totp", "header-only")
    package_type = "header-library"
    settings = "os", "arch", "compiler", "build_type"
    options = {"with_curl": [True, False]}
    default_options = {"with_curl": False}
    no_copy_source = True

    def export_sources(self):
        # The recipe lives in packaging/conan of the checkout it packs.
        root = os.path.join(self.recipe_folder, "..", "..")
        for pattern in ("CMakeLists.txt", "LICENSE", "include/*", "cmake/*"):
            copy(self, pattern, root, self.export_sources_folder)

    def layout(self):
        cmake_layout(self)

    def requirements(self):
        self.requires("boost/1.81.0", transitive_headers=True)
        if self.options.with_curl:
            self.requires("libcurl/[>=7.78 <9]", transitive_headers=True)

    def configure(self):
        # Boost.JSON is the only compiled part the SDK needs.
        self.options["boost"].without_json = False

    def validate(self):
        check_min_cppstd(self, 20)

    def package_id(self):
        self.info.clear()

    def generate(self):
        tc = CMakeToolchain(self)
        tc.cache_variables["GENAUTH_BUILD_TESTS"] = False
        tc.cache_variables["GENAUTH_BUILD_EXAMPLES"] = False
        tc.cache_variables["GENAUTH_INSTALL"] = True
        tc.generate()

    def package(self):
        # The same CMake install the consumer tests run.
        cmake = CMake(self)
        cmake.configure()
        cmake.install()
        copy(self, "LICENSE", self.source_folder, os.path.join(self.package_folder, "licenses"))

    def package_info(self):
        self.cpp_info.set_property("cmake_file_name", "genauth")
        self.cpp_info.set_property("pkg_config_name", "genauth")
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
        self.cpp_info.components["core"].set_property("cmake_target_name", "genauth::genauth")
        self.cpp_info.components["core"].requires = ["boost::headers", "boost::json"]
        if self.options.with_curl:
            self.cpp_info.components["curl"].set_property("cmake_target_name", "genauth::curl")
            self.cpp_info.components["curl"].requires = ["core", "libcurl::libcurl"]
