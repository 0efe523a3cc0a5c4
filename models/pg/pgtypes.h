#pragma once

#include <QtGlobal>

namespace sightline {

// Built-in type OIDs (pg_type.h), for presenting values by type. They are
// fixed in the catalog, so constants are safe.
namespace pgtype {
constexpr quint32 Bool = 16;
constexpr quint32 Int8 = 20;
constexpr quint32 Int2 = 21;
constexpr quint32 Int4 = 23;
constexpr quint32 Oid = 26;
constexpr quint32 Float4 = 700;
constexpr quint32 Float8 = 701;
constexpr quint32 Money = 790;
constexpr quint32 Numeric = 1700;

// Types whose text form is a plain number (or NaN/Infinity): right-aligned in
// grids, written without quotes in SQL. money is numeric-looking but carries a
// currency symbol, so it is not one of them.
constexpr bool isNumber(quint32 oid)
{
    return oid == Int8 || oid == Int2 || oid == Int4 || oid == Oid || oid == Float4 ||
           oid == Float8 || oid == Numeric;
}
} // namespace pgtype

} // namespace sightline
