# FindPgQuery: libpg_query (PostgreSQL's parser as a library). Debian's
# libpg-query-dev ships a static library and headers but no CMake or pkg-config
# files, so we look for them ourselves.
#
# Provides the imported target PgQuery::PgQuery and PgQuery_FOUND.

find_path(PgQuery_INCLUDE_DIR NAMES pg_query.h)
find_library(PgQuery_LIBRARY NAMES pg_query libpg_query.a)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(PgQuery REQUIRED_VARS PgQuery_LIBRARY PgQuery_INCLUDE_DIR)

if(PgQuery_FOUND AND NOT TARGET PgQuery::PgQuery)
    add_library(PgQuery::PgQuery UNKNOWN IMPORTED)
    set_target_properties(PgQuery::PgQuery PROPERTIES
        IMPORTED_LOCATION "${PgQuery_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${PgQuery_INCLUDE_DIR}")
    # The static archive uses threads (its memory contexts are thread-local).
    find_package(Threads REQUIRED)
    set_property(TARGET PgQuery::PgQuery APPEND PROPERTY INTERFACE_LINK_LIBRARIES Threads::Threads)
endif()
mark_as_advanced(PgQuery_INCLUDE_DIR PgQuery_LIBRARY)
