/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: an AliOS-Things flash port (alios_port_file.c, unchanged) as
 * the PAL of a v3 application, through OTA_AliOS_GetPalInterface. The
 * board registers its module with hal_ota_register_module (the library's
 * weak wrapper, no AliOS kernel here) and the adapter uses the registered
 * one.
 *
 * Phases, in one directory:
 *   update    download of image.bin: whole blocks written in order, the
 *             signature verified over the bytes read back with ota_read,
 *             ota_set_boot( OTA_FINISH ) on activation (the port writes its
 *             boot flag with the image length and its CRC-16 and reboots);
 *   selftest  the next boot: PendingCommit, the application accepts, the
 *             port's ota_rollback confirms the new image;
 *   badsig    a tampered image is refused: no OTA_FINISH, no reboot;
 *   reversed  the cloud sends each batch of blocks backwards: the agent
 *             asks again for early blocks and the port still only appends.
 */

#define OTA_USE_NONCONST_APPVERSION    1

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"
#include "ota_alios_adapter.h"
#include "legacy_common.h"
#include "alios_common.h"
#include "env/vendor_env_test.h"

AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 0 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define STREAM    "stream-alios"

static OtaAliOSConfig_t cfg;

static void start( const LcImage_t * img,
                   const char * jobId,
                   const char * statusDetails )
{
    char exec[ 2048 ];

    fake_cloud_add_stream( STREAM, 0U, img->data, img->size );
    ( void ) lc_job_mqtt( exec, sizeof( exec ), jobId, STREAM, "/flash/app", "signer.crt", img->size, img->sig, statusDetails );
    fake_cloud_set_next_job( exec );

    hal_ota_register_module( &file_ota_module );
    alios_config( &cfg, NULL, 4U );
    CHECK( OTA_AliOS_GetPalInterface( &fake_interfaces()->pal, &cfg ), "OTA_AliOS_GetPalInterface" );
    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init with the AliOS port" );
    ( void ) fake_drive();
}

static void checkRejectedConfigs( void )
{
    OtaPalInterface_t pal;
    OtaAliOSConfig_t bad;
    hal_ota_module_t noRead = file_ota_module;

    alios_config( &bad, &file_ota_module, 0U );
    CHECK( !OTA_AliOS_GetPalInterfaceChecked( &pal, &bad, ( uint32_t ) sizeof( hal_ota_module_t ) - 4U,
                                              ( uint32_t ) sizeof( ota_finish_param_t ), ( uint32_t ) sizeof( OtaAliOSConfig_t ) ),
           "a module of another size was accepted" );
    CHECK( !OTA_AliOS_GetPalInterfaceChecked( &pal, &bad, ( uint32_t ) sizeof( hal_ota_module_t ),
                                              ( uint32_t ) sizeof( ota_finish_param_t ) + 8U, ( uint32_t ) sizeof( OtaAliOSConfig_t ) ),
           "an ota_finish_param_t of another size was accepted" );
    noRead.ota_read = NULL;
    bad.pModule = &noRead;
    CHECK( !OTA_AliOS_GetPalInterface( &pal, &bad ), "a module without ota_read was accepted" );
    CHECK( !OTA_AliOS_GetPalInterface( &pal, NULL ), "a NULL configuration was accepted" );
}

static void phase_update( void )
{
    LcImage_t img;
    AliosFlag_t flag;
    uint32_t blocks;
    uint16_t crc;
    size_t mq0 = fake_mqtt_count();

    checkRejectedConfigs();
    lc_load_image( "image", &img );
    blocks = lc_blocks( img.size );
    crc = alios_port_crc( img.data, img.size );

    CHECK_INT( 0x31c3, OTA_AliOS_Crc16( 0U, ( const uint8_t * ) "123456789", 9U ), "CRC-16/XMODEM check value" );
    CHECK_INT( crc, OTA_AliOS_Crc16( OTA_AliOS_Crc16( 0U, img.data, 1000U ), &img.data[ 1000 ], img.size - 1000U ),
               "OTA_AliOS_Crc16 continued = the CheckSumUtils CRC of the image" );

    start( &img, "job-alios-1", NULL );

    CHECK_STATE( OtaAgentStateWaitingForJob, "state after the download" );
    CHECK_INT( 0, OTA_AliOS_GetResumeOffset(), "resume offset of a first download" );
    CHECK( alios_partition_holds( img.data, img.size ), "the OTA partition does not hold the image" );
    CHECK_INT( blocks + 1U, test_flash_writes, "flash writes (one per block, then the boot flag)" );
    CHECK_INT( 1, fake_mqtt_count_status( mq0, "job-alios-1", "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\":\"ready\"" ),
               "ready status (signature verified)" );
    CHECK_INT( 1, fake_cb_count_event( 0, OtaJobEventActivate ), "Activate callbacks" );
    CHECK_INT( 1, test_aos_reboots, "reboots by the port's OTA_FINISH" );
    CHECK( alios_read_flag( &flag ), "no boot flag" );
    CHECK_INT( ALIOS_FLAG_MAGIC, flag.magic, "boot flag magic" );
    CHECK_INT( 1, flag.upgrade_flag, "boot flag: switch to the new image" );
    CHECK_INT( img.size, flag.image_len, "image length the port counted" );
    CHECK_INT( crc, flag.image_crc, "image CRC the port computed" );
    CHECK( lc_state_saves >= ( int ) ( blocks / 4U ), "breakpoint records saved: %d", lc_state_saves );
    CHECK_INT( OtaPalImageStatePendingCommit, fake_interfaces()->pal.getPlatformImageState( NULL ), "state after OTA_FINISH" );

    fake_shutdown_agent( 1 );
    free( img.data );
}

static void phase_selftest( void )
{
    LcImage_t img;
    AliosFlag_t flag;
    size_t mq0 = fake_mqtt_count();

    /* The boot loader switched images and marked the new one booted. */
    CHECK( alios_read_flag( &flag ), "no boot flag" );
    flag.upgrade_flag = 2U;
    CHECK( alios_write_flag( &flag ), "boot flag not written" );

    lc_load_image( "image", &img );
    appFirmwareVersion.u.x.build = 1;
    fake_app.selfTest = OtaImageStateAccepted;
    start( &img, "job-alios-1", "{\"self_test\":\"ready\",\"updatedBy\":\"0x1000000\"}" );

    CHECK_INT( 1, fake_cb_count_event( 0, OtaJobEventStartTest ), "StartTest callbacks" );
    {
        long i = fake_cb_find( 0, OtaJobEventStartTest );
        CHECK( ( i >= 0 ) && ( fake_cb_get( ( size_t ) i )->apiResult == OtaErrNone ), "OTA_SetImageState( Accepted )" );
    }
    CHECK_INT( 1, fake_mqtt_count_status( mq0, "job-alios-1", "{\"status\":\"SUCCEEDED\"" ), "SUCCEEDED status" );
    CHECK( alios_read_flag( &flag ), "no boot flag" );
    CHECK_INT( 0, flag.upgrade_flag, "boot flag after ota_rollback confirmed the image" );
    CHECK_INT( OtaPalImageStateValid, fake_interfaces()->pal.getPlatformImageState( NULL ), "state after the accept" );
    CHECK_INT( 2, test_flash_writes, "flash writes in the self test (the boot flag twice, no image)" );

    /* Nothing left to accept. */
    CHECK_INT( OTA_PAL_COMBINE_ERR( OtaPalCommitFailed, OTA_ALIOS_ERR_NOT_PENDING ),
               fake_interfaces()->pal.setPlatformImageState( NULL, OtaImageStateAccepted ), "second accept" );

    fake_shutdown_agent( 1 );
    free( img.data );
}

static void phase_badsig( void )
{
    LcImage_t img;
    size_t mq0 = fake_mqtt_count();

    lc_load_image( "image", &img );
    img.data[ 4097 ] ^= 0x01U;
    start( &img, "job-alios-2", NULL );

    CHECK_INT( 1, fake_mqtt_count_status( mq0, "job-alios-2", "{\"status\":\"FAILED\"" ), "FAILED status" );
    CHECK_INT( 1, fake_cb_count_event( 0, OtaJobEventFail ), "Fail callbacks" );
    CHECK_INT( 0, fake_cb_count_event( 0, OtaJobEventActivate ), "Activate callbacks" );
    CHECK_INT( 0, test_aos_reboots, "reboots" );
    CHECK_INT( OtaPalImageStateValid, fake_interfaces()->pal.getPlatformImageState( NULL ), "state after a refused image" );

    fake_shutdown_agent( 1 );
    free( img.data );
}

static void phase_reversed( void )
{
    LcImage_t img;
    uint32_t blocks;
    int i;

    lc_load_image( "other", &img );
    blocks = lc_blocks( img.size );
    fake_cloud.reverseBatches = true;
    start( &img, "job-alios-3", NULL );

    /* A batch that ends short of the blocks asked for leaves the agent
     * waiting for its request timer, as it would on a device. */
    for( i = 0; ( i < 64 ) && ( fake_cb_count_event( 0, OtaJobEventActivate ) == 0U ) && fake_fire_timer( OtaRequestTimer ); i++ )
    {
        ( void ) fake_drive();
    }

    CHECK( alios_partition_holds( img.data, img.size ), "the OTA partition does not hold the image" );
    CHECK_INT( blocks + 1U, test_flash_writes, "flash writes (each block once, in order, then the flag)" );
    CHECK( fake_stream_req_count() > ( blocks + 3U ) / 4U, "no block was asked for again (%zu requests)", fake_stream_req_count() );
    CHECK_INT( 1, fake_cb_count_event( 0, OtaJobEventActivate ), "Activate callbacks" );

    fake_shutdown_agent( 1 );
    free( img.data );
}

int main( int argc,
          char ** argv )
{
    static const LcPhase_t phases[] =
    {
        { "update", phase_update },
        { "selftest", phase_selftest },
        { "badsig", phase_badsig },
        { "reversed", phase_reversed }
    };

    return lc_run_phase( argc, argv, "alios_update", phases, sizeof( phases ) / sizeof( phases[ 0 ] ) );
}
