#!/usr/bin/env python3
"""Checks the Conan recipe and the vcpkg port, which cannot be run here: each has the attributes,
files and calls its tool requires, names the SDK's version and license, and installs with the
same CMake install (and config folder) the consumer tests use. Prints each problem; exit 1 if any."""

import ast
import json
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
problems = []


def need(condition, what):
    if not condition:
        problems.append(what)


version = re.search(r'GENAUTH_VERSION_STRING "([0-9.]+)"', (root / "include/genauth/version.hpp").read_text()).group(1)
need((root / "LICENSE").read_text().startswith("Boost Software License - Version 1.0"), "LICENSE is not BSL-1.0")
cmake_lists = (root / "CMakeLists.txt").read_text()
config_dir = "share/genauth/cmake"
need("${CMAKE_INSTALL_DATADIR}/genauth/cmake" in cmake_lists, f"the CMake package is not installed to {config_dir}")

# ---- Conan 2
conan = root / "packaging/conan"
tree = ast.parse((conan / "conanfile.py").read_text())
recipes = [c for c in tree.body if isinstance(c, ast.ClassDef) and any(
    isinstance(b, ast.Name) and b.id == "ConanFile" for b in c.bases)]
need(len(recipes) == 1, "conanfile.py: one ConanFile class")
recipe = recipes[0] if recipes else ast.ClassDef(name="", body=[])
attributes = {t.id: ast.literal_eval(n.value) for n in recipe.body if isinstance(n, ast.Assign)
              for t in n.targets if isinstance(t, ast.Name)}
methods = {n.name: ast.unparse(n) for n in recipe.body if isinstance(n, ast.FunctionDef)}
for key, expected in [("name", "genauth"), ("version", version), ("license", "BSL-1.0"),
                      ("package_type", "header-library")]:
    need(attributes.get(key) == expected, f"conanfile.py: {key} should be {expected!r}, is {attributes.get(key)!r}")
need(set(attributes.get("settings", ())) >= {"os", "arch", "compiler", "build_type"}, "conanfile.py: settings")
need(attributes.get("options", {}).get("with_curl") == [True, False], "conanfile.py: option with_curl")
need(attributes.get("default_options", {}).get("with_curl") is False, "conanfile.py: with_curl off by default")
for method in ("export_sources", "layout", "requirements", "validate", "package_id", "generate", "package",
               "package_info"):
    need(method in methods, f"conanfile.py: method {method}")
need("check_min_cppstd(self, 20)" in methods.get("validate", ""), "conanfile.py: validate() checks C++20")
need("'boost/1.81.0'" in methods.get("requirements", ""), "conanfile.py: requires boost/1.81.0")
need("libcurl/" in methods.get("requirements", ""), "conanfile.py: requires libcurl with_curl")
need("cmake.install()" in methods.get("package", ""), "conanfile.py: package() runs the CMake install")
need("self.info.clear()" in methods.get("package_id", ""), "conanfile.py: header-only package id")
for target in ("genauth::genauth", "genauth::curl"):
    need(f"'{target}'" in methods.get("package_info", ""), f"conanfile.py: package_info names {target}")
need("'boost::json'" in methods.get("package_info", ""), "conanfile.py: the core needs boost::json")
for pattern in re.findall(r"'([^']+)'", methods.get("export_sources", "").split("for pattern in")[-1].split(":")[0]):
    need(any(root.glob(pattern)), f"conanfile.py: exports {pattern}, which matches nothing")
for f in ("conanfile.py", "CMakeLists.txt", "test_package.cpp"):
    need((conan / "test_package" / f).is_file(), f"conan test_package/{f} is missing")

# ---- vcpkg
vcpkg = root / "packaging/vcpkg"
manifest = json.loads((vcpkg / "vcpkg.json").read_text())
need(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", manifest.get("name", "")) is not None, "vcpkg.json: name")
need(manifest.get("name") == "genauth", "vcpkg.json: name should be genauth")
versions = [k for k in ("version", "version-semver", "version-date", "version-string") if k in manifest]
need(len(versions) == 1, "vcpkg.json: exactly one version field")
need(manifest.get(versions[0] if versions else "version") == version, f"vcpkg.json: version should be {version}")
for key in ("description", "homepage", "license"):
    need(bool(manifest.get(key)), f"vcpkg.json: {key}")
need(manifest.get("license") == "BSL-1.0", "vcpkg.json: license should be BSL-1.0")
names = {d if isinstance(d, str) else d["name"] for d in manifest.get("dependencies", [])}
need(names >= {"boost-json", "boost-describe", "boost-mp11", "boost-system", "vcpkg-cmake", "vcpkg-cmake-config"},
     f"vcpkg.json: dependencies {sorted(names)}")
hosts = {d["name"] for d in manifest.get("dependencies", []) if isinstance(d, dict) and d.get("host")}
need(hosts >= {"vcpkg-cmake", "vcpkg-cmake-config"}, "vcpkg.json: vcpkg-cmake helpers as host dependencies")
need("curl" in manifest.get("features", {}).get("curl", {}).get("dependencies", []), "vcpkg.json: feature curl")
portfile = (vcpkg / "portfile.cmake").read_text()
for call in ("vcpkg_cmake_configure(", "vcpkg_cmake_install()", "vcpkg_install_copyright(",
             f"vcpkg_cmake_config_fixup(PACKAGE_NAME genauth CONFIG_PATH {config_dir})",
             "FEATURES curl GENAUTH_CURL", "-DGENAUTH_BUILD_TESTS=OFF"):
    need(call in portfile, f"portfile.cmake: {call}")
need((vcpkg / "usage").is_file(), "vcpkg usage file is missing")

for p in problems:
    print("packaging:", p)
print(f"packaging: {'FAILED' if problems else 'ok'} (version {version})")
sys.exit(1 if problems else 0)
