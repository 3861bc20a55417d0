/*
 * SPDX-License-Identifier: MIT
 *
 * Checks the OTA_Init configuration-check macro of ota.h. This translation
 * unit sees the macro; header_initcheck_direct.c defines
 * OTA_NO_INIT_CONFIG_CHECK and provides a stand-in OTA_Init, which also shows
 * that the opt-out lets a file define a function called OTA_Init.
 *
 * Verified:
 * - OTA_Init( ... ) calls OTA_InitWithConfigCheck with the four arguments
 *   unchanged and this file's configuration values and struct sizes;
 * - each macro argument is evaluated exactly once;
 * - taking the address of OTA_Init still gives the unchecked function.
 */

#include <stdio.h>

#include "ota.h"

/* Defined in header_initcheck_direct.c. */
extern int directInitCalls;

static int checkedInitCalls = 0;
static uint32_t seen[ 6 ];
static const void * seenArgs[ 3 ];
static OtaAppCallback_t seenCallback = NULL;

/* Stand-in for the library's checked entry point: records its arguments. */
OtaErr_t OTA_InitWithConfigCheck( const OtaAppBuffer_t * pOtaBuffer,
                                  const OtaInterfaces_t * pOtaInterfaces,
                                  const uint8_t * pThingName,
                                  OtaAppCallback_t OtaAppCallback,
                                  uint32_t log2FileBlockSize,
                                  uint32_t maxThingNameLen,
                                  uint32_t maxBlockBitmapSize,
                                  uint32_t sizeofEventData,
                                  uint32_t sizeofJobDocument,
                                  uint32_t sizeofFileContext )
{
    checkedInitCalls++;
    seenArgs[ 0 ] = pOtaBuffer;
    seenArgs[ 1 ] = pOtaInterfaces;
    seenArgs[ 2 ] = pThingName;
    seenCallback = OtaAppCallback;
    seen[ 0 ] = log2FileBlockSize;
    seen[ 1 ] = maxThingNameLen;
    seen[ 2 ] = maxBlockBitmapSize;
    seen[ 3 ] = sizeofEventData;
    seen[ 4 ] = sizeofJobDocument;
    seen[ 5 ] = sizeofFileContext;

    return OtaErrNone;
}

static void appCallback( OtaJobEvent_t eEvent,
                         void * pData )
{
    ( void ) eEvent;
    ( void ) pData;
}

static int failures = 0;

static void expect( int condition,
                    const char * pWhat )
{
    if( !condition )
    {
        printf( "failed: %s\n", pWhat );
        failures++;
    }
}

int main( void )
{
    static OtaAppBuffer_t buffer;
    static OtaInterfaces_t interfaces;
    static const uint8_t thingName[] = "thing";
    const OtaAppBuffer_t * buffers[ 2 ] = { &buffer, NULL };
    int index = 0;
    OtaErr_t ( * pInit )( const OtaAppBuffer_t *,
                          const OtaInterfaces_t *,
                          const uint8_t *,
                          OtaAppCallback_t ) = OTA_Init;

    expect( OTA_Init( buffers[ index++ ], &interfaces, thingName, appCallback ) == OtaErrNone, "OTA_Init result" );
    expect( index == 1, "macro argument evaluated once" );
    expect( checkedInitCalls == 1, "OTA_Init( ... ) reaches OTA_InitWithConfigCheck" );
    expect( directInitCalls == 0, "OTA_Init( ... ) does not reach OTA_Init" );
    expect( seenArgs[ 0 ] == &buffer, "pOtaBuffer passed through" );
    expect( seenArgs[ 1 ] == &interfaces, "pOtaInterfaces passed through" );
    expect( seenArgs[ 2 ] == thingName, "pThingName passed through" );
    expect( seenCallback == appCallback, "OtaAppCallback passed through" );
    expect( seen[ 0 ] == ( uint32_t ) otaconfigLOG2_FILE_BLOCK_SIZE, "log2FileBlockSize" );
    expect( seen[ 1 ] == ( uint32_t ) otaconfigMAX_THINGNAME_LEN, "maxThingNameLen" );
    expect( seen[ 2 ] == ( uint32_t ) OTA_MAX_BLOCK_BITMAP_SIZE, "maxBlockBitmapSize" );
    expect( seen[ 3 ] == ( uint32_t ) sizeof( OtaEventData_t ), "sizeofEventData" );
    expect( seen[ 4 ] == ( uint32_t ) sizeof( OtaJobDocument_t ), "sizeofJobDocument" );
    expect( seen[ 5 ] == ( uint32_t ) sizeof( OtaFileContext_t ), "sizeofFileContext" );

    expect( pInit( &buffer, &interfaces, thingName, appCallback ) == OtaErrNone, "OTA_Init via pointer" );
    expect( directInitCalls == 1, "&OTA_Init is the unchecked function" );
    expect( checkedInitCalls == 1, "pointer call does not go through the check" );

    return ( failures == 0 ) ? 0 : 1;
}
