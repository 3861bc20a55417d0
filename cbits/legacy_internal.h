/*
 * SPDX-License-Identifier: MIT
 *
 * Declarations shared by the v1 compatibility files in cbits/ (not
 * installed). Include after the v3 headers: it brings the v1 headers in the
 * V1.1 layout, the adapter's internal view; the layout the application uses
 * is chosen at run time.
 */

#ifndef OTA_LEGACY_INTERNAL_H
#define OTA_LEGACY_INTERNAL_H

#include <stdint.h>

#include "ota.h"
#include "ota_platform_interface.h"

/* The adapter needs no FreeRTOS header, and compiles its own view of the
 * v1 types whatever layout the project selects. */
#ifndef OTA_V1_NO_FREERTOS
    #define OTA_V1_NO_FREERTOS
#endif
#undef OTA_V1_FILE_CONTEXT_LAYOUT
#define OTA_V1_FILE_CONTEXT_LAYOUT    110

#include "aws_iot_ota_agent.h"
#include "aws_iot_ota_pal.h"

/* Selects the layout of the v1 file context (100 or 110). */
void ota_v1_pal_set_layout( uint32_t layout );

/* Replaces the PAL callbacks with the non-NULL members of pUser (NULL: all
 * defaults, the prvPAL_* functions). */
void ota_v1_pal_use_callbacks( const OTA_PAL_Callbacks_t * pUser );

/* The PAL callbacks in use (never NULL members except the last two). */
const OTA_PAL_Callbacks_t * ota_v1_pal_callbacks( void );

/* The server file ID of the last file the agent handed the PAL. */
uint32_t ota_v1_pal_server_file_id( void );

/* The v3 PAL table that calls the callbacks above. */
void ota_v1_pal_fill_interface( OtaPalInterface_t * pPal );

#endif /* ifndef OTA_LEGACY_INTERNAL_H */
