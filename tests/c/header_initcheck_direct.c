/*
 * SPDX-License-Identifier: MIT
 *
 * Companion of header_initcheck.c: with OTA_NO_INIT_CONFIG_CHECK defined,
 * ota.h leaves OTA_Init alone, so this file can define a stand-in for it.
 */

#define OTA_NO_INIT_CONFIG_CHECK

#include "ota.h"

#ifdef OTA_Init
    #error "OTA_NO_INIT_CONFIG_CHECK must suppress the OTA_Init macro"
#endif

int directInitCalls = 0;

OtaErr_t OTA_Init( const OtaAppBuffer_t * pOtaBuffer,
                   const OtaInterfaces_t * pOtaInterfaces,
                   const uint8_t * pThingName,
                   OtaAppCallback_t OtaAppCallback )
{
    ( void ) pOtaBuffer;
    ( void ) pOtaInterfaces;
    ( void ) pThingName;
    ( void ) OtaAppCallback;
    directInitCalls++;

    return OtaErrNone;
}
