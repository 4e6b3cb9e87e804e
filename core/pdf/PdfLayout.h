// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The PDF report's page layout, in millimetres. Fixed heights (not font metrics) so the
// number of rows a page holds follows from these constants alone:
//   first page: kPageHeightMm − 2·kMarginMm − kTitleHeightMm − kMetaLines·kMetaLineHeightMm
//               − kBlockGapMm − (certificates: kChartHeightMm + kBlockGapMm)
//               − kFooterHeightMm − kTableHeaderHeightMm
//   other pages: kPageHeightMm − 2·kMarginMm − kRunningHeaderHeightMm − kFooterHeightMm
//               − kTableHeaderHeightMm
// and a row whose cells fit on one line is kLineHeightMm + kRowPaddingMm high (a cell
// wraps to at most kMaxLinesPerCell lines). A row never splits across pages.

namespace certlife::pdf {

inline constexpr double kPageWidthMm = 297.0; // A4 landscape
inline constexpr double kPageHeightMm = 210.0;
inline constexpr int kResolutionDpi = 300;
inline constexpr double kMarginMm = 12.0;

inline constexpr double kTitleHeightMm = 10.0;
inline constexpr int kMetaLines = 5; // host, generated, time range, filters, summary
inline constexpr double kMetaLineHeightMm = 4.6;
inline constexpr double kBlockGapMm = 3.0;
inline constexpr double kChartHeightMm = 50.0; // certificate reports, first page
inline constexpr double kRunningHeaderHeightMm = 7.0;
inline constexpr double kFooterHeightMm = 7.0;

inline constexpr double kTableHeaderHeightMm = 8.0; // up to two lines of column title
inline constexpr double kLineHeightMm = 3.2;
inline constexpr double kRowPaddingMm = 1.6;
inline constexpr int kMaxLinesPerCell = 3;
inline constexpr double kCellPaddingMm = 1.2; // left and right

inline constexpr double kTitlePointSize = 16.0;
inline constexpr double kMetaPointSize = 8.5;
inline constexpr double kTablePointSize = 7.0;
inline constexpr double kMonospacePointSize = 6.5;
inline constexpr double kSmallPointSize = 7.0;

} // namespace certlife::pdf
