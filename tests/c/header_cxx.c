/*
 * SPDX-License-Identifier: MIT
 *
 * Compiled as C++ (-x c++ -std=c++11): every public header together, the
 * C++ spelling of the timer interface's delete member, a C++ use of the
 * OTA_Init macro, and the same struct sizes as in C for the common ABIs.
 */

#include <cstddef>

#include "ota.h"
#include "ota_private.h"
#include "ota_os_interface.h"
#include "ota_mqtt_interface.h"
#include "ota_http_interface.h"
#include "ota_platform_interface.h"
#include "ota_appversion32.h"
#include "ota_config_defaults.h"
#include "ota_interface_private.h"
#include "ota_cbor_private.h"
#include "ota_base64_private.h"
#include "ota_mqtt_private.h"
#include "ota_http_private.h"
#include "ota_os_freertos.h"

#ifndef __cplusplus
    #error "header_cxx.c must be compiled as C++"
#endif

static_assert( offsetof( OtaTimerInterface_t, deleteTimer ) == 2U * sizeof( void * ), "deleteTimer is the third slot" );
static_assert( sizeof( OtaTimerInterface_t ) == 3U * sizeof( void * ), "timer interface size" );
static_assert( sizeof( OtaInterfaces_t ) == 24U * sizeof( void * ), "interfaces size" );
static_assert( sizeof( OtaAppBuffer_t ) == 14U * sizeof( void * ), "app buffer size" );
static_assert( sizeof( OtaFileContext_t ) == ( ( sizeof( void * ) == 8U ) ? 184U : 108U ), "file context size" );
static_assert( sizeof( Sig_t ) == 386U, "signature size" );
static_assert( OtaLastJobEvent == OtaJobEventStartTest, "OtaLastJobEvent" );
static_assert( OtaPalFileClose == 0xeeU, "PAL codes" );

static OtaOsStatus_t deleteStub( OtaTimerId_t otaTimerId )
{
    ( void ) otaTimerId;

    return OtaOsSuccess;
}

static void appCallback( OtaJobEvent_t eEvent,
                         void * pData )
{
    ( void ) eEvent;
    ( void ) pData;
}

/* Never called; it only has to compile. */
OtaErr_t headerCxxInit( const OtaAppBuffer_t * pBuffer,
                        const OtaInterfaces_t * pInterfaces );

OtaErr_t headerCxxInit( const OtaAppBuffer_t * pBuffer,
                        const OtaInterfaces_t * pInterfaces )
{
    static const uint8_t thingName[] = "thing";
    OtaTimerInterface_t timer = { nullptr, nullptr, nullptr };

    timer.deleteTimer = deleteStub;
    ( void ) timer;

    return OTA_Init( pBuffer, pInterfaces, thingName, appCallback );
}
