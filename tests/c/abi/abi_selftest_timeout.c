/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: first boot of new firmware whose application never answers StartTest.
 * The self-test timer the agent started at Start (OtaSelfTestTimer, 16000 ms) fires
 * and the agent resets the device through pal.reset, so the bootloader rolls back.
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 2 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define JOB_ID    "job-selftest-hang"

int main( void )
{
    char afr[ 1024 ];
    char exec[ 2048 ];
    size_t pal0;
    size_t palFire;

    fake_setup( "selftest_timeout" );

    ( void ) job_afr_ota_mqtt( afr, sizeof( afr ), "stream-st", 5000U, 0U, fake_signature_b64(), "" );
    ( void ) job_exec( exec, sizeof( exec ), JOB_ID, "{\"self_test\":\"ready\",\"updatedBy\":\"0x01000001\"}", afr );
    fake_cloud_set_next_job( exec );
    fake_pal.platformState = OtaPalImageStatePendingCommit;
    fake_app.selfTest = OtaImageStateUnknown; /* the application does nothing */

    pal0 = fake_pal_count();
    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init" );
    ( void ) fake_drive();

    CHECK_INT( 1, fake_cb_count_event( 0, OtaJobEventStartTest ), "StartTest callbacks" );
    CHECK_INT( 1, fake_mqtt_count_status( 0, JOB_ID, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\":\"active\"" ),
               "self_test active statuses" );
    CHECK_INT( 0, fake_pal_count_op( pal0, PAL_RESET ), "pal.reset before the timer fired" );
    CHECK_INT( OtaImageStateTesting, OTA_GetImageState(), "OTA_GetImageState while testing" );

    /* The self-test timer must still be pending: nobody accepted the image. */
    CHECK( fake_timer_armed( OtaSelfTestTimer ), "self-test timer not armed while waiting for the application" );
    CHECK_STR( "OtaSelfTestTimer", fake_timer_name( OtaSelfTestTimer ), "self-test timer name" );

    palFire = fake_pal_count();

    if( fake_fire_timer( OtaSelfTestTimer ) )
    {
        ( void ) fake_drive();
        CHECK_INT( 1, fake_pal_count_op( palFire, PAL_RESET ), "pal.reset calls after the self-test timer fired" );
    }

    CHECK_INT( 0, fake_mqtt_count_status( 0, JOB_ID, "{\"status\":\"SUCCEEDED\"" ), "SUCCEEDED statuses" );

    fake_shutdown_agent( 1 );
    return fake_finish();
}
