/*
 * SPDX-License-Identifier: MIT
 *
 * Extensions for flash ports, beyond the C agent's API. Hand-written so it reads
 * like the other headers; tests/headers.rs checks its prototypes against the
 * library.
 *
 * - Resume after power loss: a PAL that keeps the part of an image it already
 *   wrote (for example a flash port with a saved breakpoint) reports it from its
 *   createFile, and the agent downloads only the rest.
 * - Sequential writers: a PAL that can only append (many flash ports) asks the
 *   agent to write blocks strictly in order; blocks that arrive early are asked
 *   for again instead of being buffered.
 * - Alignment: a PAL states the alignment its writeBlock needs for pData; blocks
 *   already so aligned in the event buffer are written in place, without a copy.
 */

#ifndef OTA_PAL_EXTENSIONS_H
#define OTA_PAL_EXTENSIONS_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Report bytes of this file already stored from an interrupted download.
 *
 * Call only from the PAL's createFile, after checking that the stored part
 * belongs to the same file (same job, size and signature). Whole blocks below
 * @p bytesStored are not downloaded again; the last block always is, so the file
 * is closed and its signature verified as usual.
 *
 * @param[in] bytesStored Number of leading bytes already written.
 */
void OTA_PalSetResumeOffset( uint32_t bytesStored );

/**
 * @brief Make the agent write blocks strictly in file order.
 *
 * Call before OTA_Init. Blocks that arrive before the first missing one are
 * dropped and requested again; no block is buffered.
 *
 * @param[in] sequential true for in-order writes only.
 */
void OTA_SetSequentialWrites( bool sequential );

/**
 * @brief State the alignment writeBlock needs for pData (8 bytes unless set).
 *
 * Call before OTA_Init. A block whose payload already sits at a multiple of
 * @p alignment in the event buffer is handed to writeBlock in place; any other
 * is first moved to the start of the buffer (one copy of the block). A PAL that
 * accepts data at any address passes 1 and never pays that copy.
 *
 * @param[in] alignment 1, 2, 4 or 8.
 * @return true if accepted; false (and nothing changed) for any other value.
 */
bool OTA_SetBlockAlignment( uint32_t alignment );

#ifdef __cplusplus
}
#endif

#endif /* OTA_PAL_EXTENSIONS_H */
